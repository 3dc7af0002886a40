/// The JSON notice file format read by ``WorkingCalendar/notices(fromJSON:)``.
///
/// ```json
/// {"notices": [{"year": 2027, "reference": "TB …",
///               "daysOff": [{"date": "2027-02-05", "name": "Tết Nguyên đán"}],
///               "saturdaysWorked": []}]}
/// ```
/// Every key shown is required and no other key is allowed. The file is read with the strict scanner
/// that reads events (`JSONParser`: duplicate keys, invalid UTF-8 and trailing content are refused), and
/// every error names its place (`notices[0].daysOff[1].date`).
enum NoticeFile {
    static func parse(_ bytes: [UInt8]) throws(CalendarError) -> [CalendarNotice] {
        let root: JSONSpan
        do {
            root = try JSONParser.scan(bytes).root
        } catch {
            throw CalendarError("not valid JSON: \(error)")
        }
        let file = try Value(bytes: bytes, span: root, path: "").members(["notices"])
        var notices: [CalendarNotice] = []
        var indexByYear: [Int: Int] = [:]
        for (index, element) in try file["notices"]!.elements().enumerated() {
            let notice = try element.members(["year", "reference", "daysOff", "saturdaysWorked"])
            let year = try notice["year"]!.year()
            if let first = indexByYear[year] {
                throw CalendarError("\(element.place).year: \(year) already has a notice (notices[\(first)])")
            }
            indexByYear[year] = index
            notices.append(
                try CalendarNotice(
                    year: year, reference: try notice["reference"]!.string(),
                    daysOff: try days(notice["daysOff"]!, kind: .dayOff),
                    saturdaysWorked: try days(notice["saturdaysWorked"]!, kind: .saturdayWorked),
                    context: element.place))
        }
        return notices
    }

    /// The days of a `daysOff` or `saturdaysWorked` list.
    private static func days(_ list: Value, kind: CalendarDay.Kind) throws(CalendarError) -> [CalendarDay] {
        var days: [CalendarDay] = []
        for element in try list.elements() {
            let day = try element.members(["date", "name"])
            days.append(CalendarDay(date: try day["date"]!.date(), kind: kind, name: try day["name"]!.string()))
        }
        return days
    }

    /// A value of the file and its place in it, read straight from the scanned bytes.
    private struct Value {
        let bytes: [UInt8]
        let span: JSONSpan
        /// `notices[0].daysOff[1]` style; empty for the whole file.
        let path: String

        /// The place as error messages name it.
        var place: String { path.isEmpty ? "(top level)" : path }

        private func mismatch(_ expected: String) -> CalendarError {
            CalendarError("\(place): must be \(expected), not \(span.typeName)")
        }

        /// An object's members by key, when it has exactly the keys `allowed`.
        func members(_ allowed: [String]) throws(CalendarError) -> [String: Value] {
            guard span.kind == .object else { throw mismatch("an object") }
            var values: [String: Value] = [:]
            for member in JSONParser.members(bytes, of: span) {
                let key = JSONParser.string(bytes, member.key)
                guard allowed.contains(key) else {
                    let list = allowed.joined(separator: ", ")
                    throw CalendarError("\(place): unknown key \"\(key)\" (allowed: \(list))")
                }
                values[key] = Value(bytes: bytes, span: member.value, path: path.isEmpty ? key : "\(path).\(key)")
            }
            for name in allowed where values[name] == nil {
                throw CalendarError("\(place): missing key \"\(name)\"")
            }
            return values
        }

        func elements() throws(CalendarError) -> [Value] {
            guard span.kind == .array else { throw mismatch("an array") }
            return JSONParser.elements(bytes, of: span).enumerated().map { index, element in
                Value(bytes: bytes, span: element, path: "\(path)[\(index)]")
            }
        }

        func string() throws(CalendarError) -> String {
            guard span.kind == .string else { throw mismatch("a string") }
            return JSONParser.string(bytes, span)
        }

        func date() throws(CalendarError) -> LocalDate {
            let text = try string()
            guard let date = LocalDate(iso: text) else {
                throw CalendarError("\(place): \"\(text)\" is not a date YYYY-MM-DD")
            }
            return date
        }

        /// A whole number (`2027`, or `2027.0` as JSON allows), within the range a year can be checked in.
        func year() throws(CalendarError) -> Int {
            guard span.kind == .number else { throw mismatch("a number") }
            let text = JSONParser.text(bytes, span)
            guard let number = Double(text), number.rounded() == number, abs(number) < 1e9 else {
                throw CalendarError("\(place): \(text) is not a whole year")
            }
            return Int(number)
        }
    }
}
