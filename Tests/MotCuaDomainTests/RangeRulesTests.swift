import Testing

@testable import MotCuaDomain

/// DOMAIN.md §2's range rules, and the arithmetic they protect: no value from outside may trap.
@Suite struct RangeRulesTests {
    @Test(
        "the first and last instants of local years 2000–2099 are accepted",
        arguments: [
            "2000-01-01T00:00:00+07:00", "1999-12-31T17:00:00Z", "2099-12-31T23:59:59.999999999+07:00",
            "2099-12-31T16:59:59.999999999Z",
        ])
    func boundariesAccepted(_ text: String) throws {
        let event = try Fixture.event("AgencyRegistered", at: text, #"{"agency":"A","name":"A","level":"province"}"#)
        #expect(event.occurredAt.text == text)
        #expect(Instant.eventRange.contains(event.occurredAt.instant))
    }

    @Test("the instant one nanosecond outside either end is refused on occurredAt")
    func oneNanosecondOutside() {
        for text in ["1999-12-31T23:59:59.999999999+07:00", "2100-01-01T00:00:00+07:00"] {
            let json = Fixture.json("AgencyRegistered", at: text, #"{"agency":"A","name":"A","level":"province"}"#)
            let error = #expect(throws: EventError.self) { try EventEnvelope.decode(json: Array(json.utf8)) }
            #expect(error?.field == "occurredAt")
            #expect(error?.code == .invalidValue)
        }
    }

    @Test(
        "timestamps past Instant's range are refused as out of range, not trapped",
        arguments: [
            "9999-02-10T09:00:00+07:00", "9999-12-31T23:59:59.999999999-23:59", "0001-01-01T00:00:00+23:59",
            "2262-04-11T23:47:16.854775808Z", "1677-09-21T00:12:43.145224191Z",
        ])
    func unrepresentable(_ text: String) {
        #expect(throws: Timestamp.ParseFailure.outOfRange) { try Timestamp(parsing: text) }
    }

    @Test("the last representable nanoseconds still parse")
    func representableEdges() throws {
        #expect(try Timestamp(parsing: "2262-04-11T23:47:16.854775807Z").instant.nanoseconds == .max)
        #expect(try Timestamp(parsing: "1677-09-21T00:12:43.145224192Z").instant.nanoseconds == .min)
    }

    @Test("a long fraction is read to the nanosecond and the rest ignored")
    func longFraction() throws {
        let text = "2025-01-24T10:00:00." + String(repeating: "9", count: 10_000) + "+07:00"
        let parsed = try Timestamp(parsing: text)
        #expect(parsed.instant.nanoseconds % 1_000_000_000 == 999_999_999)
    }

    @Test("Instant's conversions are total: they saturate at the ends instead of trapping")
    func instantSaturates() throws {
        let far = try #require(LocalDate(year: 9999, month: 12, day: 31))
        let early = try #require(LocalDate(year: 1, month: 1, day: 1))
        #expect(Instant(vietnam: far).nanoseconds == .max)
        #expect(Instant.endOfVietnamDay(far).nanoseconds == .max)
        #expect(Instant(vietnam: early).nanoseconds == .min)
        #expect(Instant.endOfVietnamDay(early).nanoseconds == .min)
        #expect(Instant(nanoseconds: .max).adding(nanoseconds: 1).nanoseconds == .max)
        #expect(Instant(nanoseconds: .min).adding(nanoseconds: -1).nanoseconds == .min)
        for extreme in [Instant(nanoseconds: .min), Instant(nanoseconds: .max)] {
            // Each of these once computed `epochSeconds * 1e9` or `nanoseconds - 999_999_999` and trapped.
            _ = extreme.vietnamDate
            _ = extreme.vietnamSecondOfDay
            _ = extreme.vietnamRFC3339Nanoseconds
            _ = extreme.utcRFC3339Microseconds
            _ = extreme.truncatedToMicroseconds
        }
        #expect(Instant(nanoseconds: .min).epochSeconds == -9_223_372_037)
        #expect(Instant(nanoseconds: .min).vietnamRFC3339Nanoseconds == "1677-09-21T07:12:43.145224192+07:00")
        #expect(Instant(nanoseconds: .max).utcRFC3339Microseconds == "2262-04-11T23:47:16.854775Z")
    }

    @Test("day numbers read from storage are accepted only inside their span")
    func storedDayNumbers() throws {
        let first = LocalDate.domainYears.first
        #expect(LocalDate(dayNumber: Int64(first.dayNumber), in: LocalDate.domainYears) == first)
        #expect(LocalDate(dayNumber: Int64(first.dayNumber) - 1, in: LocalDate.domainYears) == nil)
        #expect(LocalDate(dayNumber: .max, in: LocalDate.domainYears) == nil)
        #expect(LocalDate(dayNumber: .min, in: LocalDate.domainYears) == nil)
    }

    @Test("due dates from the latest events with the longest time limit stay in the domain's range")
    func longestDueStaysInDomain() throws {
        let latest = Instant.eventRange.upperBound
        let due = Deadlines.due(
            receivedAt: latest, timeLimitDays: ProcedurePublished.maximumTimeLimitDays, calendar: .builtIn)
        #expect(Instant.domainRange.contains(due))
        #expect(due.vietnamDate.year >= 2110)
    }
}

@Suite struct VietnamTextTests {
    /// The text as it was written with interpolation before it was written in place.
    static func reference(_ instant: Instant) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let (y, m, d) = instant.vietnamDate.components
        let s = instant.vietnamSecondOfDay
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))+07:00"
    }

    @Test func theRFC3339TextAtPlusSevenIsWrittenDigitByDigit() {
        #expect(Instant(epochSeconds: 0).vietnamRFC3339 == "1970-01-01T07:00:00+07:00")
        #expect(Instant(nanoseconds: .min).vietnamRFC3339 == "1677-09-21T07:12:43+07:00")
        #expect(Instant(nanoseconds: .max).vietnamRFC3339 == "2262-04-12T06:47:16+07:00")
        var generator = SystemRandomNumberGenerator()
        let edges: [Int64] = [.min, .max, 0, -1, 1, 61_199_999_999_999, 61_200_000_000_000]
        for nanoseconds in edges + (0..<20_000).map({ _ in Int64.random(in: .min ... .max, using: &generator) }) {
            let instant = Instant(nanoseconds: nanoseconds)
            #expect(instant.vietnamRFC3339 == Self.reference(instant), "\(nanoseconds)")
        }
    }
}
