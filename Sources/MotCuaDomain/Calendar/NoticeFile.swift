import Foundation

/// The JSON notice file format read by ``WorkingCalendar/notices(fromJSON:)``.
///
/// ```json
/// {"notices": [{"year": 2027, "reference": "TB …",
///               "daysOff": [{"date": "2027-02-05", "name": "Tết Nguyên đán"}],
///               "saturdaysWorked": []}]}
/// ```
/// Every key shown is required and no other key is allowed.
enum NoticeFile {
    static func parse(_ bytes: [UInt8]) throws(CalendarError) -> [CalendarNotice] {
        let file: FileDTO
        do {
            file = try JSONDecoder().decode(FileDTO.self, from: Data(bytes))
        } catch let error as CalendarError {
            throw error
        } catch let DecodingError.typeMismatch(_, context) {
            throw CalendarError("\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw CalendarError("\(path(context.codingPath)): must not be null")
        } catch let DecodingError.keyNotFound(key, context) {
            throw CalendarError("\(path(context.codingPath + [key])): missing")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw CalendarError("\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
            throw CalendarError("not valid JSON: \(detail)")
        } catch {
            throw CalendarError("not a valid notice file: \(error)")
        }
        try refuseDuplicateKeys(bytes)
        var notices: [CalendarNotice] = []
        var indexByYear: [Int: Int] = [:]
        for (index, dto) in file.notices.enumerated() {
            let context = "notices[\(index)]"
            if let first = indexByYear[dto.year] {
                throw CalendarError("\(context).year: \(dto.year) already has a notice (notices[\(first)])")
            }
            indexByYear[dto.year] = index
            let daysOff = dto.daysOff.map { CalendarDay(date: $0.date, kind: .dayOff, name: $0.name) }
            let worked = dto.saturdaysWorked.map { CalendarDay(date: $0.date, kind: .saturdayWorked, name: $0.name) }
            notices.append(
                try CalendarNotice(
                    year: dto.year, reference: dto.reference, daysOff: daysOff,
                    saturdaysWorked: worked, context: context))
        }
        return notices
    }

    /// Refuses an object with the same key twice, which the decoder would silently accept.
    ///
    /// Runs after decoding succeeded, so `bytes` is known to be well-formed JSON.
    static func refuseDuplicateKeys(_ bytes: [UInt8]) throws(CalendarError) {
        var objects: [Set<String>?] = []  // nil for an array
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): objects.append([])
            case UInt8(ascii: "["): objects.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = objects.popLast()
            case UInt8(ascii: "\""):
                let start = i
                var escaped = false
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") {
                        escaped = true
                        i += 1
                    }
                    i += 1
                }
                let literal = Array(bytes[start...min(i, bytes.count - 1)])
                var next = i + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: ":"), let last = objects.indices.last,
                    var keys = objects[last]
                {
                    let key =
                        escaped
                        ? (try? JSONDecoder().decode(String.self, from: Data(literal))) ?? ""
                        : String(decoding: literal.dropFirst().dropLast(), as: UTF8.self)
                    guard keys.insert(key).inserted else {
                        throw CalendarError("duplicate key \"\(key)\" in an object")
                    }
                    objects[last] = keys
                }
            default: break
            }
            i += 1
        }
    }

    /// `notices[0].daysOff[1].date` style.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    /// Opens an object and refuses keys other than `allowed` and missing ones.
    static func object(
        _ decoder: any Decoder, allowed: [String]
    ) throws -> KeyedDecodingContainer<Key> {
        let container = try decoder.container(keyedBy: Key.self)
        let here = path(decoder.codingPath)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            let list = allowed.joined(separator: ", ")
            throw CalendarError("\(here): unknown key \"\(key.stringValue)\" (allowed: \(list))")
        }
        for name in allowed where !container.contains(Key(name)) {
            throw CalendarError("\(here): missing key \"\(name)\"")
        }
        return container
    }

    struct Key: CodingKey {
        let stringValue: String
        let intValue: Int? = nil
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct FileDTO: Decodable {
        let notices: [NoticeDTO]

        init(from decoder: any Decoder) throws {
            let c = try NoticeFile.object(decoder, allowed: ["notices"])
            notices = try c.decode([NoticeDTO].self, forKey: Key("notices"))
        }
    }

    struct NoticeDTO: Decodable {
        let year: Int
        let reference: String
        let daysOff: [DayDTO]
        let saturdaysWorked: [DayDTO]

        init(from decoder: any Decoder) throws {
            let c = try NoticeFile.object(decoder, allowed: ["year", "reference", "daysOff", "saturdaysWorked"])
            let number = try c.decode(Double.self, forKey: Key("year"))
            guard number.rounded() == number, abs(number) < 1e9 else {
                throw CalendarError("\(NoticeFile.path(decoder.codingPath)).year: \(number) is not a whole year")
            }
            year = Int(number)
            reference = try c.decode(String.self, forKey: Key("reference"))
            daysOff = try c.decode([DayDTO].self, forKey: Key("daysOff"))
            saturdaysWorked = try c.decode([DayDTO].self, forKey: Key("saturdaysWorked"))
        }
    }

    struct DayDTO: Decodable {
        let date: LocalDate
        let name: String

        init(from decoder: any Decoder) throws {
            let c = try NoticeFile.object(decoder, allowed: ["date", "name"])
            let text = try c.decode(String.self, forKey: Key("date"))
            guard let date = LocalDate(iso: text) else {
                throw CalendarError("\(NoticeFile.path(decoder.codingPath)).date: \"\(text)\" is not a date YYYY-MM-DD")
            }
            self.date = date
            name = try c.decode(String.self, forKey: Key("name"))
        }
    }
}
