import MotCuaDomain
import Testing

@testable import MotCuaStore

@Suite("Stream state codec")
struct StreamHeadCodecTests {
    static let at = Instant(vietnam: LocalDate(year: 2025, month: 3, day: 14)!)
    static let later = Instant(nanoseconds: at.nanoseconds + 86_400_000_000_123)

    static func code(_ text: String) -> Code { Code(text)! }

    static let settings = ProcedurePublished(
        procedure: code("1.001"), name: "Cấp phiếu lý lịch tư pháp", sector: code("TP"), field: code("LLTP"),
        timeLimitDays: 10, writtenResult: true, fullOnlineEligible: false)

    /// Every kind, every dossier status and every case of each stored vocabulary.
    static let states: [StreamState] =
        AgencyLevel.allCases.map { level in
            .agency(AgencyState(level: level, parent: code("P"), successor: nil, successionEffective: nil))
        } + [
            .agency(
                AgencyState(
                    level: .commune, parent: nil, successor: code("S-1"),
                    successionEffective: LocalDate(year: 2025, month: 7, day: 1)))
        ]
        + OnlineService.allCases.map { .procedure(ProcedureState(settings: settings, service: $0, repealed: false)) }
        + [.procedure(ProcedureState(settings: settings, service: .full, repealed: true))]
        + [DossierStatus.open, .processed(.approved), .processed(.denied), .withdrawn, .stopped].map { status in
            .dossier(
                DossierState(
                    procedure: code("1.001"), agency: code("A1"), receivedAt: at, due: later, status: status,
                    waiting: true, supplementsRequested: 2, apologyIssued: false, electronicResult: true,
                    resultDigitized: false, returned: true, rated: false))
        }
        + [.complaint(ComplaintState(agency: code("A2"), answered: true, rejected: false, published: true))]

    @Test("every state decodes to itself", arguments: states)
    func roundTrip(state: StreamState) throws {
        let head = StreamHead(version: 7, lastOccurredAt: Self.later, state: state)
        #expect(try StreamHeadCodec.decode(StreamHeadCodec.encode(head)) == head)
    }

    /// Stored bytes must keep their meaning: these were written by format 1 and are read as such forever.
    @Test("the stored codes of the vocabularies are pinned")
    func pinnedBytes() throws {
        let agency = StreamHead(
            version: 1, lastOccurredAt: Instant(nanoseconds: 0),
            state: .agency(AgencyState(level: .commune, parent: nil, successor: nil, successionEffective: nil)))
        // format 1, version 1, instant 0, kind 0 (agency), level 2 (commune), three absent optionals.
        #expect(StreamHeadCodec.encode(agency) == [1, 1, 0, 0, 2, 0, 0, 0])
        #expect(AgencyLevel.allCases.map(\.storedCode) == [0, 1, 2])
        #expect([OnlineService.none, .partial, .full].map(\.storedCode) == [0, 1, 2])
        #expect([DossierChannel.direct, .online, .postal].map(\.storedCode) == [0, 1, 2])
        func decodesEachCode<Choice: StoredChoice>(_: Choice.Type) -> Bool {
            Choice.allCases.allSatisfy { Choice(storedCode: $0.storedCode) == $0 }
                && Set(Choice.allCases.map(\.storedCode)).count == Choice.allCases.count
        }
        #expect(decodesEachCode(AgencyLevel.self))
        #expect(decodesEachCode(OnlineService.self))
        #expect(decodesEachCode(DossierChannel.self))
        var reader = ByteReader(bytes: [2, 1, 0])
        #expect(try reader.choice() as OnlineService == .full)
        #expect(try reader.choice() as DossierChannel == .online)
        #expect(try reader.choice() as AgencyLevel == .province)
    }

    @Test("unknown codes, trailing bytes and truncation are refused")
    func refusals() throws {
        var unknown = ByteReader(bytes: [3])
        #expect(throws: BinaryCodingError.self) { try unknown.choice() as AgencyLevel }
        let bytes = StreamHeadCodec.encode(
            StreamHead(version: 1, lastOccurredAt: Self.at, state: Self.states.last!))
        #expect(throws: BinaryCodingError.self) { try StreamHeadCodec.decode(bytes + [0]) }
        #expect(throws: BinaryCodingError.self) { try StreamHeadCodec.decode(Array(bytes.dropLast())) }
    }
}
