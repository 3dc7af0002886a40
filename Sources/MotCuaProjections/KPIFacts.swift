import MotCuaDomain

// What the KPI projection keeps per catalogue entry, dossier and complaint: every instant a figure of
// DOMAIN.md §6 may depend on, so that a report at any T is computed from these facts alone.

/// A registered agency.
struct AgencyFacts: Sendable, Hashable {
    var level: AgencyLevel
    var successor: Code?
    var successionEffective: LocalDate?
}

/// A published procedure and its online-service history.
struct ProcedureFacts: Sendable, Hashable {
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
enum DossierEnd: Sendable, Hashable {
    case processed(Outcome, electronicResult: Bool)
    case withdrawn
    case stopped
}

/// One agency holding a dossier or complaint from an instant on.
struct Holding: Sendable, Hashable {
    var from: Instant
    var agency: Code
}

/// A dossier's facts.
struct DossierFacts: Sendable, Hashable {
    var code: Code
    var procedure: Code
    var channel: DossierChannel
    var receivedAt: Instant
    var due: Instant
    /// The receiving agency, then each transfer, in time order.
    var holdings: [Holding]
    var supplements: [SupplementSpan] = []
    var endedAt: Instant?
    var end: DossierEnd?
    var componentsDigitizedAt: Instant?
    var resultDigitizedAt: Instant?
    var returnedAt: Instant?
    var returnChannel: DossierChannel?
    var apologies: [Instant] = []

    /// The agency holding the dossier at `t`.
    func agency(at t: Instant) -> Code {
        holdings.last { $0.from <= t }?.agency ?? holdings[0].agency
    }

    /// The supplement spans as known at `t`: those requested by then, with a provision after `t` unknown.
    func supplements(knownAt t: Instant) -> [SupplementSpan] {
        supplements.filter { $0.requested <= t }.map { span in
            SupplementSpan(requested: span.requested, provided: span.provided.flatMap { $0 <= t ? $0 : nil })
        }
    }
}

/// A complaint's facts.
struct ComplaintFacts: Sendable, Hashable {
    var code: Code
    var procedure: Code?
    var receivedAt: Instant
    /// The receiving agency, then each transfer, in time order.
    var holdings: [Holding]
    var rejectedAt: Instant?
    var answeredAt: Instant?
    var publishedAt: Instant?

    /// Rejected or published: the instant the complaint was finished, if it was.
    var finishedAt: Instant? { rejectedAt ?? publishedAt }

    func agency(at t: Instant) -> Code {
        holdings.last { $0.from <= t }?.agency ?? holdings[0].agency
    }
}
