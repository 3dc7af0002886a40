/// A point in time: nanoseconds since 1970-01-01T00:00:00Z.
///
/// The domain never reads a clock; instants come from events or are passed in.
public struct Instant: Hashable, Comparable, Sendable {
    /// Nanoseconds since the Unix epoch (UTC).
    public let nanoseconds: Int64

    /// Vietnam local time is UTC+7 all year (no daylight saving).
    public static let vietnamOffsetSeconds = 7 * 3600

    /// The instant `nanoseconds` after the epoch.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The instant at `seconds` after the epoch, saturating at the ends of the representable range
    /// (1677-09-21 … 2262-04-11) instead of trapping.
    public init(epochSeconds seconds: Int64) {
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self.nanoseconds = overflow ? (seconds < 0 ? .min : .max) : nanoseconds
    }

    /// The instant at a local wall-clock time in Vietnam (UTC+7).
    public init(vietnam date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let local = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(epochSeconds: local - Int64(Instant.vietnamOffsetSeconds))
    }

    /// Seconds since the epoch, rounded down.
    public var epochSeconds: Int64 {
        let (quotient, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// Nanoseconds past ``epochSeconds``: 0 ..< 1 000 000 000.
    var nanosecondOfSecond: Int64 {
        let remainder = nanoseconds % 1_000_000_000
        return remainder < 0 ? remainder + 1_000_000_000 : remainder
    }

    /// The instants an event may carry: local (UTC+7) years 2000–2099 (DOMAIN.md §2).
    public static let eventRange =
        Instant(
            vietnam: LocalDate.eventYears.first)...Instant.endOfVietnamDay(
            LocalDate.eventYears.last)

    /// The instants the domain derives from valid events: local years 2000–2199 (event instants, and due
    /// dates up to 3,650 working days after them). Stored states hold nothing else, and any two such
    /// instants are less than 2^62 nanoseconds apart, so differences of them cannot overflow.
    public static let domainRange =
        Instant(
            vietnam: LocalDate.domainYears.first)...Instant.endOfVietnamDay(
            LocalDate.domainYears.last)

    /// Seconds since the start of the local (UTC+7) day, rounded down: 0 ..< 86 400.
    public var vietnamSecondOfDay: Int {
        let local = epochSeconds + Int64(Instant.vietnamOffsetSeconds)
        let r = local % 86_400
        return Int(r < 0 ? r + 86_400 : r)
    }

    /// The local (UTC+7) date of this instant.
    public var vietnamDate: LocalDate {
        let local = epochSeconds + Int64(Instant.vietnamOffsetSeconds)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return LocalDate(dayNumber: Int(days))
    }

    /// The last representable instant of a local (UTC+7) day: 23:59:59.999999999 (saturating past
    /// 2262-04-11, where ``Instant`` ends).
    public static func endOfVietnamDay(_ date: LocalDate) -> Instant {
        let next = Instant(vietnam: date.adding(days: 1))
        return next.nanoseconds == .max ? next : next.adding(nanoseconds: -1)
    }

    /// This instant moved by a number of nanoseconds, saturating at the ends of the representable range.
    public func adding(nanoseconds delta: Int64) -> Instant {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(delta)
        return overflow ? Instant(nanoseconds: delta < 0 ? .min : .max) : Instant(nanoseconds: sum)
    }

    /// RFC 3339 text at +07:00 with whole seconds, e.g. `2025-02-07T17:00:00+07:00`.
    ///
    /// Written in place, 25 ASCII bytes into one string: every simulated event and every report writes it.
    public var vietnamRFC3339: String {
        let (year, month, day) = vietnamDate.components
        let second = vietnamSecondOfDay
        // Every instant that an Int64 of nanoseconds holds lies in the years 1677–2262: four digits.
        return String(unsafeUninitializedCapacity: 25) { text in
            func digits(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in (offset..<(offset + width)).reversed() {
                    text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            digits(year, 4, at: 0)
            digits(month, 2, at: 5)
            digits(day, 2, at: 8)
            digits(second / 3600, 2, at: 11)
            digits(second / 60 % 60, 2, at: 14)
            digits(second % 60, 2, at: 17)
            for (offset, byte) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")] as [(Int, Unicode.Scalar)] {
                text[offset] = UInt8(ascii: byte)
            }
            for (index, byte) in "+07:00".utf8.enumerated() { text[19 + index] = byte }
            return 25
        }
    }

    /// RFC 3339 text at +07:00 with nine fraction digits, e.g. `2025-03-14T23:59:59.999999999+07:00`:
    /// the form reports write their evaluation instant in.
    public var vietnamRFC3339Nanoseconds: String {
        let fraction = Int(nanosecondOfSecond)
        var text = vietnamRFC3339
        text.insert(contentsOf: "." + LocalDate.pad(fraction, 9), at: text.index(text.startIndex, offsetBy: 19))
        return text
    }

    /// RFC 3339 text in UTC with six fraction digits, e.g. `2026-11-29T23:40:00.123456Z`: the form
    /// stores write `recordedAt` in.
    public var utcRFC3339Microseconds: String {
        let seconds = epochSeconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = Int(seconds - days * 86_400)
        let micros = Int(nanosecondOfSecond / 1000)
        return
            "\(LocalDate(dayNumber: Int(days)))T\(LocalDate.pad(second / 3600, 2)):\(LocalDate.pad(second / 60 % 60, 2)):"
            + "\(LocalDate.pad(second % 60, 2)).\(LocalDate.pad(micros, 6))Z"
    }

    /// This instant rounded down to a whole microsecond.
    public var truncatedToMicroseconds: Instant {
        let r = nanoseconds % 1000
        return adding(nanoseconds: -(r < 0 ? r + 1000 : r))
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
