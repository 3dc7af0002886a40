import Hummingbird
import MotCuaDomain
import MotCuaProjections

/// `GET /v1/streams/{kind}/{code}`: a stream's recorded events (their export lines, byte for byte) and,
/// for a dossier or complaint, where it stands now.
struct StreamResponse: ResponseEncodable {
    /// A dossier's or a complaint's state.
    enum State: Encodable {
        case dossier(DossierJSON)
        case complaint(ComplaintJSON)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .dossier(let dossier): try dossier.encode(to: encoder)
            case .complaint(let complaint): try complaint.encode(to: encoder)
            }
        }
    }

    let stream: String
    let version: Int
    /// `null` for an agency or a procedure.
    @ExplicitNull var state: State?
    let events: [RawJSON]
}

/// `GET /v1/verify`: the chain is intact (with its size and head), or broken at `position`.
struct VerifyResponse: ResponseEncodable {
    struct Head: Encodable {
        let position: Int64
        /// The head event's hash, in hex.
        let hash: String
        /// The Merkle root of the whole log, in base64.
        let root: String
    }

    let intact: Bool
    var events: Int64?
    var head: Head?
    var position: Int64?
    var reason: String?
}

/// `GET /v1/kpi/series`: the `/v1/kpi` report of each month, each byte for byte that answer (less its
/// newline).
struct KPISeriesResponse: ResponseEncodable {
    let from: String
    let to: String
    let basis: String
    @ExplicitNull var by: String?
    @ExplicitNull var agency: String?
    let reports: [RawJSON]
}

/// `GET /v1/kpi/late`: the dossiers and complaints behind a report's red figures.
struct LateListResponse: ResponseEncodable {
    /// A list's first items and how many there are in all.
    struct Part<Item: Encodable>: Encodable {
        let total: Int
        let items: [Item]
    }

    /// A complaint open past its limit.
    struct Complaint: Encodable {
        let complaint: String
        @ExplicitNull var procedure: String?
        let agency: String
        let receivedAt: String
        let status: String
        /// The deadline day of the step it waits for.
        let deadline: String
        let daysLate: Int

        init(_ late: LateList.Complaint) {
            complaint = late.summary.complaint.rawValue
            procedure = late.procedure?.rawValue
            agency = late.summary.agency.rawValue
            receivedAt = late.summary.receivedAt.vietnamRFC3339
            status = late.summary.status.rawValue
            deadline = late.deadline.description
            daysLate = late.daysLate
        }
    }

    let period: PeriodJSON
    let evaluatedAt: String
    let position: Int64
    @ExplicitNull var agency: String?
    /// Each as `DossierJSON` with `daysLate` and `apologies`.
    let dossiers: Part<DossierJSON>
    let complaints: Part<Complaint>
}

/// `GET /v1/scores`: the Decision 766 score cards of a report (its `scores766` objects, byte for byte),
/// with the Portal's tiles and the indicators' Vietnamese names and reasons.
struct ScoresResponse: ResponseEncodable {
    /// One of the six tiles.
    struct Tile: Encodable {
        let tile: String
        let name: String
        let max: Int
        let indicators: [String]

        init(_ tile: Scores766.Tile) {
            self.tile = tile.number
            name = tile.name
            max = tile.max
            indicators = tile.indicators
        }
    }

    /// A group's card, its key named as the report names it (`agency`, …, or `key`).
    struct Group: Encodable {
        let keyName: String
        let key: String
        let scores766: RawJSON

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: MemberName.self)
            try container.encode(key, forKey: MemberName(keyName))
            try container.encode(scores766, forKey: MemberName("scores766"))
        }
    }

    /// The total's card.
    struct Total: Encodable {
        let scores766: RawJSON
    }

    let period: PeriodJSON
    let evaluatedAt: String
    let position: Int64
    @ExplicitNull var by: String?
    let tiles: [Tile]
    /// Each indicator's name, by number.
    let names: [String: String]
    /// Why each indicator outside the log is, by number.
    let reasons: [String: String]
    let groups: [Group]
    let total: Total
}

/// `GET /v1/catalogue`: every registered agency and published procedure.
struct CatalogueResponse: ResponseEncodable {
    struct Agency: Encodable {
        let agency: String
        let name: String
        @ExplicitNull var level: String?
        @ExplicitNull var parent: String?
        @ExplicitNull var successor: String?

        init(_ entry: CatalogueEntry) {
            agency = entry.code.rawValue
            name = entry.name
            level = entry.level?.rawValue
            parent = entry.parent?.rawValue
            successor = entry.successor?.rawValue
        }
    }

    struct Procedure: Encodable {
        let procedure: String
        let name: String
        @ExplicitNull var sector: String?
        @ExplicitNull var field: String?
        @ExplicitNull var timeLimitDays: Int?
        let repealed: Bool

        init(_ entry: CatalogueEntry) {
            procedure = entry.code.rawValue
            name = entry.name
            sector = entry.sector?.rawValue
            field = entry.field?.rawValue
            timeLimitDays = entry.timeLimitDays
            repealed = entry.repealed
        }
    }

    let position: Int64
    let agencies: [Agency]
    let procedures: [Procedure]
}

/// `GET /v1/dossiers`: open dossiers past due now.
struct OverdueDossiersResponse: ResponseEncodable {
    let asOf: String
    let status: String
    @ExplicitNull var agency: String?
    let dossiers: [DossierJSON]
}

/// A dossier as every route writes it (`DossierSummary`); on the late list with `daysLate` and
/// `apologies` too.
struct DossierJSON: Encodable {
    let dossier: String
    let procedure: String
    let agency: String
    let status: String
    let receivedAt: String
    let due: String
    @ExplicitNull var endedAt: String?
    let supplements: Int
    let timeliness: String
    let overdue: Bool
    var daysLate: Int?
    var apologies: Int?

    init(_ d: DossierSummary) {
        dossier = d.dossier.rawValue
        procedure = d.procedure.rawValue
        agency = d.agency.rawValue
        status = d.status.rawValue
        receivedAt = d.receivedAt.vietnamRFC3339
        due = d.due.vietnamRFC3339
        endedAt = d.endedAt?.vietnamRFC3339
        supplements = d.supplements
        timeliness = d.timeliness.rawValue
        overdue = d.isOverdue
    }

    /// A dossier of the late list.
    init(_ late: LateList.Dossier) {
        self.init(late.summary)
        daysLate = late.daysLate
        apologies = late.apologies
    }
}

/// A complaint as a stream's state writes it (`ComplaintSummary`).
struct ComplaintJSON: Encodable {
    let complaint: String
    let agency: String
    let status: String
    let receivedAt: String

    init(_ c: ComplaintSummary) {
        complaint = c.complaint.rawValue
        agency = c.agency.rawValue
        status = c.status.rawValue
        receivedAt = c.receivedAt.vietnamRFC3339
    }
}

/// A period as reports write it: label, basis, first and last day.
struct PeriodJSON: Encodable {
    let label: String
    let basis: String
    let from: String
    let to: String

    init(_ period: ReportPeriod) {
        label = period.label
        basis = period.basis.rawValue
        from = period.first.description
        to = period.last.description
    }
}

/// A member name known only when encoding (`ScoresResponse.Group`'s key).
struct MemberName: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) {
        stringValue = name
    }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) { nil }
}
