import MotCuaDomain
import MotCuaSimulation
import Testing

@Suite("CitySimulator")
struct CitySimulatorTests {
    /// After every simulated event: no event may be refused as lying in the future.
    static let now = Instant(vietnam: LocalDate(year: 2026, month: 1, day: 1)!)

    /// The events of a simulated city (by default over 2025).
    static func events(
        dossiers: Int, complaints: Int? = nil, seed: UInt64 = 1, from first: String = "2025-01-01",
        to last: String = "2025-12-31"
    ) -> [EventEnvelope] {
        let parameters = CitySimulator.Parameters(
            dossiers: dossiers, complaints: complaints, seed: seed, first: LocalDate(iso: first)!,
            last: LocalDate(iso: last)!)
        return Array(CitySimulator(parameters, calendar: .builtIn))
    }

    /// The text of an event, for failure messages.
    static func text(_ event: EventEnvelope) -> String {
        String(decoding: event.canonicalJSON, as: UTF8.self)
    }

    @Test("a year of a city passes the domain's rules, with every type of event")
    func validByTheRules() {
        let events = Self.events(dossiers: 1500, complaints: 150, seed: 7)
        var log = LogValidator(calendar: .builtIn)
        for start in stride(from: 0, to: events.count, by: 1000) {
            let batch = Array(events[start..<min(start + 1000, events.count)])
            do {
                _ = try log.apply(batch, now: Self.now)
            } catch {
                Issue.record("\(error): \(Self.text(batch[error.index]))")
                return
            }
        }
        #expect(log.eventCount == events.count)
        #expect(Set(events.map(\.type)) == Set(EventType.allCases))
        #expect(events.count { $0.type == .dossierReceived } == 1500)
        #expect(events.count { $0.type == .complaintReceived } == 150)
    }

    @Test("events come in non-decreasing occurredAt order, none after the last day, with distinct version 4 ids")
    func ordered() {
        let events = Self.events(dossiers: 500, complaints: 50, to: "2025-03-31")
        #expect(events.count > 500)
        let limit = Instant.endOfVietnamDay(LocalDate(year: 2025, month: 3, day: 31)!)
        var previous = Instant(nanoseconds: .min)
        for event in events {
            let at = event.occurredAt
            #expect(at.text.hasSuffix("+07:00") && at.text.count == 25, "\(at)")
            #expect(at.instant >= previous, "\(Self.text(event)) before \(previous)")
            #expect(at.instant <= limit, "\(Self.text(event))")
            previous = at.instant
        }
        #expect(Set(events.map(\.id)).count == events.count)
        #expect(events.allSatisfy { $0.id.high >> 12 & 0xF == 4 && $0.id.low >> 62 == 0b10 })
    }

    @Test("the same parameters give the same events; another seed other events")
    func deterministic() {
        func run(seed: UInt64) -> [EventEnvelope] {
            Self.events(dossiers: 300, seed: seed, from: "2025-06-01", to: "2025-08-31")
        }
        let first = run(seed: 42)
        #expect(!first.isEmpty)
        #expect(first == run(seed: 42))
        #expect(first != run(seed: 43))
    }

    @Test("every event's canonical JSON decodes to the same event")
    func roundTrip() {
        for event in Self.events(dossiers: 2000, complaints: 300, seed: 11) {
            do {
                let decoded = try EventEnvelope.decode(json: event.canonicalJSON)
                #expect(decoded == event)
                #expect(decoded.id == event.id && decoded.occurredAt == event.occurredAt && decoded.data == event.data)
            } catch {
                Issue.record("\(error): \(Self.text(event))")
                return
            }
        }
    }

    /// Fixed arguments give fixed bytes: `motcua simulate`'s NDJSON (each event's `canonicalJSON` and a
    /// line feed), which benchmarks, docs and tests quote, changes only on purpose. FNV-1a (64 bits).
    @Test(
        "fixed arguments keep their bytes",
        arguments: [
            (dossiers: 25, complaints: nil, to: "2025-12-31", lines: 415, digest: 0x5b31_5a1a_0830_f2d8),
            (dossiers: 500, complaints: 50, to: "2025-03-31", lines: 2454, digest: 0xfccf_8df7_41ac_0f1d),
        ] as [(dossiers: Int, complaints: Int?, to: String, lines: Int, digest: UInt64)])
    func pinnedBytes(dossiers: Int, complaints: Int?, to last: String, lines: Int, digest: UInt64) {
        let events = Self.events(dossiers: dossiers, complaints: complaints, to: last)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in events.lazy.flatMap({ $0.canonicalJSON + [UInt8(ascii: "\n")] }) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        #expect(events.count == lines)
        #expect(hash == digest, "FNV-1a \(String(hash, radix: 16))")
    }
}
