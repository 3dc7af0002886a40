import MotCuaDomain
import MotCuaStore

// What the KPI projection keeps per catalogue entry, dossier and complaint: every instant a figure of
// DOMAIN.md §6 may depend on, so that a report at any T is computed from these facts alone.
//
// Dossiers and complaints, millions of them, are kept as fixed-width rows (instants as nanoseconds,
// catalogue codes interned, vocabularies as their stored bytes) in one array each, with their own codes
// in a `CodeColumn`; the few lists a member may grow (transfers, supplements, apologies) live in a side
// array that only members having one use. Reports read them through the `DossierFacts` and
// `ComplaintFacts` views.

/// A registered agency.
struct AgencyFacts: Sendable, Hashable {
    var name: String
    var level: AgencyLevel
    var parent: Code?
    var successor: Code?
    var successionEffective: LocalDate?
}

/// A published procedure and its online-service history.
struct ProcedureFacts: Sendable, Hashable {
    var name: String
    var sector: Code
    var field: Code
    var timeLimitDays: Int
    var writtenResult: Bool
    var fullOnlineEligible: Bool
    var publishedAt: Instant
    /// `OnlineServiceChanged` in time order.
    var services: [ServiceChange] = []
    var repealedAt: Instant?

    struct ServiceChange: Sendable, Hashable {
        var at: Instant
        var service: OnlineService
    }

    /// The online service in force at `t` (`none` before any change).
    func service(at t: Instant) -> OnlineService {
        services.last { $0.at <= t }?.service ?? .none
    }
}

/// How a dossier ended.
enum DossierEnd: Sendable, Hashable, CaseIterable {
    case processed(Outcome, electronicResult: Bool)
    case withdrawn
    case stopped

    static let allCases: [DossierEnd] =
        [.withdrawn, .stopped]
        + Outcome.allCases.flatMap { outcome in [true, false].map { .processed(outcome, electronicResult: $0) } }

    /// Its byte in rows and checkpoints (0 is kept for "not ended"); a code, once released, never changes.
    var storedCode: UInt8 {
        switch self {
        case .processed(.approved, true): 1
        case .processed(.approved, false): 2
        case .processed(.denied, true): 3
        case .processed(.denied, false): 4
        case .withdrawn: 5
        case .stopped: 6
        }
    }

    /// The end of a stored byte: `nil` for 0 (not ended) and for a byte no end has.
    init?(storedCode: UInt8) {
        switch storedCode {
        case 1: self = .processed(.approved, electronicResult: true)
        case 2: self = .processed(.approved, electronicResult: false)
        case 3: self = .processed(.denied, electronicResult: true)
        case 4: self = .processed(.denied, electronicResult: false)
        case 5: self = .withdrawn
        case 6: self = .stopped
        default: return nil
        }
    }
}

/// One agency taking over a dossier or complaint from an instant on.
struct Holding: Sendable, Hashable {
    var from: Instant
    var agency: Code
}

/// A member's row: fixed width, with `extras` pointing into its table's side array.
protocol MemberRow: Sendable {
    /// What a member may grow beyond its row.
    associatedtype Extras: Sendable, Hashable
    /// The extras of a member that has none.
    static var noExtras: Extras { get }
    /// 1 + the member's place in the side array, or 0.
    var extras: UInt32 { get set }
}

/// The members of one population (dossiers or complaints): their codes, rows and extras.
struct MemberTable<Row: MemberRow>: Sendable {
    var codes = CodeColumn()
    var rows: [Row] = []
    var extras: [Row.Extras] = []

    /// The member `code`'s place, if it was received.
    func index(of code: Code) -> Int? { codes.row(of: code) }

    mutating func append(_ code: Code, _ row: Row) {
        codes.append(code)
        rows.append(row)
    }

    func extras(of index: Int) -> Row.Extras {
        let slot = rows[index].extras
        return slot == 0 ? Row.noExtras : extras[Int(slot) - 1]
    }

    /// Changes the extras of member `index`, giving it a place in the side array first if it has none.
    mutating func updateExtras(_ index: Int, _ change: (inout Row.Extras) -> Void) {
        if rows[index].extras == 0 {
            extras.append(Row.noExtras)
            rows[index].extras = UInt32(extras.count)
        }
        change(&extras[Int(rows[index].extras) - 1])
    }
}

/// Instants in rows: nanoseconds, with `Int64.min` for "not yet" (no stored instant lies there).
extension Int64 {
    static let noInstant = Int64.min
}

extension Optional where Wrapped == Instant {
    init(row nanoseconds: Int64) {
        self = nanoseconds == .noInstant ? nil : Instant(nanoseconds: nanoseconds)
    }
}

/// A dossier's row: 80 bytes.
struct DossierRow: MemberRow {
    var receivedAt: Int64
    var due: Int64
    var endedAt: Int64 = .noInstant
    var componentsDigitizedAt: Int64 = .noInstant
    var resultDigitizedAt: Int64 = .noInstant
    var returnedAt: Int64 = .noInstant
    var ratedAt: Int64 = .noInstant
    /// The first `ComponentsDigitized` with `reused` ≥ 1 (Decision 766, 4.3).
    var reusedAt: Int64 = .noInstant
    /// Interned codes of the procedure and of the receiving agency.
    var procedure: UInt32
    var agency: UInt32
    var extras: UInt32 = 0
    /// `DossierChannel.storedCode`.
    var channel: UInt8
    /// `DossierEnd.storedCode`, 0 while open.
    var end: UInt8 = 0
    /// 1 + `DossierChannel.storedCode` of the return, 0 before it.
    var returnChannel: UInt8 = 0
    /// The rating: 0 before any, 1 unsatisfied, 2 satisfied.
    var rating: UInt8 = 0

    struct Extras: Sendable, Hashable {
        /// Each transfer, in time order.
        var transfers: [Holding] = []
        var supplements: [SupplementSpan] = []
        var apologies: [Instant] = []
    }

    static let noExtras = Extras()
}

/// A complaint's row: 48 bytes.
struct ComplaintRow: MemberRow {
    var receivedAt: Int64
    var rejectedAt: Int64 = .noInstant
    var answeredAt: Int64 = .noInstant
    var publishedAt: Int64 = .noInstant
    /// Interned code of the procedure, or `UInt32.max` when none was named.
    var procedure: UInt32
    /// Interned code of the receiving agency.
    var agency: UInt32
    var extras: UInt32 = 0

    /// Each transfer, in time order.
    typealias Extras = [Holding]
    static let noExtras: [Holding] = []
}

/// A dossier's facts, as reports read them.
struct DossierFacts {
    var procedure: Code
    var channel: DossierChannel
    var receivedAt: Instant
    var due: Instant
    var receivingAgency: Code
    var transfers: [Holding]
    var supplements: [SupplementSpan]
    var endedAt: Instant?
    var end: DossierEnd?
    var componentsDigitizedAt: Instant?
    var resultDigitizedAt: Instant?
    var returnedAt: Instant?
    var returnChannel: DossierChannel?
    var ratedAt: Instant?
    /// Whether the rating said satisfied (meaningful with `ratedAt`).
    var satisfied: Bool
    var reusedAt: Instant?
    /// The earliest `ComplaintReceived` naming this dossier (Decision 766, 5.4).
    var complaintAt: Instant?
    var apologies: [Instant]

    init(_ table: MemberTable<DossierRow>, _ index: Int, codes: CodeTable, complaintAt: Int64? = nil) {
        let row = table.rows[index]
        let extras = table.extras(of: index)
        procedure = codes[row.procedure]
        channel = DossierChannel(storedCode: row.channel)!
        receivedAt = Instant(nanoseconds: row.receivedAt)
        due = Instant(nanoseconds: row.due)
        receivingAgency = codes[row.agency]
        transfers = extras.transfers
        supplements = extras.supplements
        endedAt = Instant?(row: row.endedAt)
        end = DossierEnd(storedCode: row.end)
        componentsDigitizedAt = Instant?(row: row.componentsDigitizedAt)
        resultDigitizedAt = Instant?(row: row.resultDigitizedAt)
        returnedAt = Instant?(row: row.returnedAt)
        returnChannel = row.returnChannel == 0 ? nil : DossierChannel(storedCode: row.returnChannel - 1)
        ratedAt = Instant?(row: row.ratedAt)
        satisfied = row.rating == 2
        reusedAt = Instant?(row: row.reusedAt)
        self.complaintAt = complaintAt.map(Instant.init(nanoseconds:))
        apologies = extras.apologies
    }

    /// The agency holding the dossier at `t`.
    func agency(at t: Instant) -> Code {
        transfers.last { $0.from <= t }?.agency ?? receivingAgency
    }

    /// The supplement spans as known at `t`: those requested by then, with a provision after `t` unknown.
    func supplements(knownAt t: Instant) -> [SupplementSpan] {
        supplements.filter { $0.requested <= t }.map { span in
            SupplementSpan(requested: span.requested, provided: span.provided.flatMap { $0 <= t ? $0 : nil })
        }
    }
}

/// A complaint's facts, as reports read them.
struct ComplaintFacts {
    var procedure: Code?
    var receivedAt: Instant
    var receivingAgency: Code
    var transfers: [Holding]
    var rejectedAt: Instant?
    var answeredAt: Instant?
    var publishedAt: Instant?

    init(_ table: MemberTable<ComplaintRow>, _ index: Int, codes: CodeTable) {
        let row = table.rows[index]
        procedure = row.procedure == .max ? nil : codes[row.procedure]
        receivedAt = Instant(nanoseconds: row.receivedAt)
        receivingAgency = codes[row.agency]
        transfers = table.extras(of: index)
        rejectedAt = Instant?(row: row.rejectedAt)
        answeredAt = Instant?(row: row.answeredAt)
        publishedAt = Instant?(row: row.publishedAt)
    }

    /// Rejected or published: the instant the complaint was finished, if it was.
    var finishedAt: Instant? { rejectedAt ?? publishedAt }

    func agency(at t: Instant) -> Code {
        transfers.last { $0.from <= t }?.agency ?? receivingAgency
    }

    /// The instant the answer (or rejection) clock runs from at `at`: the receipt or the last transfer before.
    func clockStart(_ at: Instant) -> Instant {
        transfers.last { $0.from <= at }?.from ?? receivedAt
    }
}

extension ComplaintRow {
    /// Rejected or published: when the complaint was finished, or `Int64.noInstant`.
    var finishedAt: Int64 { rejectedAt != .noInstant ? rejectedAt : publishedAt }
}
