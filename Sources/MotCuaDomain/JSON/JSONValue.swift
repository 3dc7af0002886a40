/// A parsed JSON value that keeps what the interchange format needs to be strict about.
///
/// Numbers keep their text (so `5` and `5.0` stay distinguishable), objects keep their key order and
/// refuse duplicate keys, and booleans are never confused with numbers.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type's name with its article, as users read it in error messages ("an array").
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object: its members in document order, keys unique.
package struct JSONObject: Sendable, Equatable {
    package var members: [(key: String, value: JSONValue)]

    package init(members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    /// The value of a key, or `nil` when absent.
    package subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    package static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
