public import MotCuaDomain

/// Where one dossier stands at an instant: what a center's daily list and a stream's page show.
public struct DossierSummary: Sendable, Hashable {
    /// How a dossier stands.
    public enum Status: String, Sendable, Hashable {
        /// Being handled (DOMAIN.md §2), not waiting for the applicant.
        case open
        /// Open, waiting for a supplement from the applicant (the clock is paused, §4).
        case waiting
        case processed, withdrawn, stopped
    }

    public let dossier: Code
    public let procedure: Code
    /// The agency holding it at the instant asked about (after transfers).
    public let agency: Code
    public let receivedAt: Instant
    /// The original due (apologies do not move it, §4).
    public let due: Instant
    public let status: Status
    /// When handling ended, if it did by the instant asked about.
    public let endedAt: Instant?
    /// Supplements requested by the instant asked about.
    public let supplements: Int
    /// Early, on time or late, judged at its end or, while open, at the instant asked about (§4).
    public let timeliness: Timeliness

    /// Open, and already late at the instant asked about: it belongs on the center's overdue list.
    public var isOverdue: Bool { endedAt == nil && timeliness == .late }
}

/// Where one complaint stands at an instant.
public struct ComplaintSummary: Sendable, Hashable {
    /// How a complaint stands.
    public enum Status: String, Sendable, Hashable {
        case open, answered, rejected, published
    }

    public let complaint: Code
    /// The agency holding it at the instant asked about (after transfers).
    public let agency: Code
    public let receivedAt: Instant
    public let status: Status
}

extension KPIProjection {
    /// The dossier `code` as it stood at `t`, or `nil` when it was not received by then.
    public func dossier(_ code: Code, at t: Instant) -> DossierSummary? {
        guard let index = dossiers.index(of: code), dossiers.rows[index].receivedAt <= t.nanoseconds else {
            return nil
        }
        return summary(code, dossierFacts(index), at: t)
    }

    /// Dossiers open at `t` and already late, held by `agencies` (every agency when `nil`), earliest due first.
    public func overdueDossiers(heldBy agencies: Set<Code>?, at t: Instant) -> [DossierSummary] {
        var result: [DossierSummary] = []
        for (index, row) in dossiers.rows.enumerated()
        where row.receivedAt <= t.nanoseconds && (row.endedAt == .noInstant || row.endedAt > t.nanoseconds) {
            let facts = dossierFacts(index)
            if let agencies, !agencies.contains(facts.agency(at: t)) { continue }
            let summary = summary(dossiers.codes[index], facts, at: t)
            if summary.isOverdue { result.append(summary) }
        }
        return result.sorted { ($0.due, $0.dossier.rawValue) < ($1.due, $1.dossier.rawValue) }
    }

    /// The complaint `code` as it stood at `t`, or `nil` when it was not received by then.
    public func complaint(_ code: Code, at t: Instant) -> ComplaintSummary? {
        guard let index = complaints.index(of: code), complaints.rows[index].receivedAt <= t.nanoseconds else {
            return nil
        }
        return summary(code, ComplaintFacts(complaints, index, codes: codes), at: t)
    }

    /// Where a complaint whose facts are known stood at `t`.
    func summary(_ code: Code, _ facts: ComplaintFacts, at t: Instant) -> ComplaintSummary {
        let status: ComplaintSummary.Status
        if let at = facts.publishedAt, at <= t {
            status = .published
        } else if let at = facts.rejectedAt, at <= t {
            status = .rejected
        } else if let at = facts.answeredAt, at <= t {
            status = .answered
        } else {
            status = .open
        }
        return ComplaintSummary(
            complaint: code, agency: facts.agency(at: t), receivedAt: facts.receivedAt, status: status)
    }

    func summary(_ code: Code, _ facts: DossierFacts, at t: Instant) -> DossierSummary {
        let ended = facts.endedAt.flatMap { $0 <= t ? $0 : nil }
        let judgedAt = ended ?? t
        let spans = facts.supplements(knownAt: judgedAt)
        let status: DossierSummary.Status
        switch ended.flatMap({ _ in facts.end }) {
        case .processed?: status = .processed
        case .withdrawn?: status = .withdrawn
        case .stopped?: status = .stopped
        case nil: status = spans.last.map { $0.provided == nil } == true ? .waiting : .open
        }
        return DossierSummary(
            dossier: code, procedure: facts.procedure, agency: facts.agency(at: t), receivedAt: facts.receivedAt,
            due: facts.due, status: status, endedAt: ended, supplements: spans.count,
            timeliness: Deadlines.classify(due: facts.due, end: judgedAt, supplements: spans))
    }
}
