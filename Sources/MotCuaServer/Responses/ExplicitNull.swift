// swift-format-ignore: UseSynthesizedInitializer
/// An optional member written as `null` when it has no value, where synthesized `Encodable` would leave
/// it out: for the members that the OpenAPI document requires, nullable (`"endedAt": null`).
@propertyWrapper
struct ExplicitNull<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    // Declared (the lint rule taking it for the synthesized one is ignored above): only a declared
    // `init(wrappedValue:)` lets the memberwise initializers of the structs using the wrapper take an optional.
    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}
