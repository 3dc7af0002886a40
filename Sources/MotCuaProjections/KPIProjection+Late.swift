public import MotCuaDomain

/// The members behind a report's red figures: the dossiers it counts `late` or `inProcessLate`, and the
/// complaints it counts in process but not within limit, attributed as the report attributes them.
public struct LateList: Sendable {
    /// A dossier ended late in the period, or open at T and already late.
    public struct Dossier: Sendable, Hashable {
        /// Where it stood at T: its holder (at its end or T), status, dates and supplements.
        public let summary: DossierSummary
        /// Working days after the due's day up to the day of its effective end (§4: end, or T, less
        /// supplement pauses); 0 when late on the due's own day or late by two supplements alone.
        public let daysLate: Int
        /// `ApologyIssued` dated by T.
        public let apologies: Int
    }

    /// A complaint open at T and past its limit.
    public struct Complaint: Sendable, Hashable {
        public let summary: ComplaintSummary
        public let procedure: Code?
        /// The deadline day of the step it waits for (the answer, then the publication).
        public let deadline: LocalDate
        /// Working days after `deadline` up to T's day (0 when an earlier step missed its limit).
        public let daysLate: Int
    }

    public let query: KPIQuery
    public let evaluatedAt: Instant
    public let position: Int64
    /// The first `limit` late dossiers, most days late first (then earliest due, then code).
    public let dossiers: [Dossier]
    /// How many there are in all: the report's `late + inProcessLate`.
    public let dossierTotal: Int
    /// The first `limit` complaints past their limit, most days late first.
    public let complaints: [Complaint]
    /// The report's `complaintsInProcess − complaintsInProcessWithinLimit`.
    public let complaintTotal: Int
}

/// A catalogue entry's name and place, as a dashboard shows them.
public struct CatalogueEntry: Sendable, Hashable {
    public let code: Code
    public let name: String
    /// An agency's level; `nil` for a procedure.
    public let level: AgencyLevel?
    /// An agency's parent and successor.
    public let parent: Code?
    public let successor: Code?
    /// A procedure's sector, field and time limit.
    public let sector: Code?
    public let field: Code?
    public let timeLimitDays: Int?
    /// A procedure repealed by the projection's position.
    public let repealed: Bool
}

extension KPIProjection {
    /// The late members of `query`'s report, at most `limit` of each kind (DOMAIN.md §4, §6).
    public func lateList(_ query: KPIQuery, limit: Int) -> LateList {
        let start = query.period.start
        let t = query.evaluatedAt
        var dossierList: [LateList.Dossier] = []
        var complaintList: [LateList.Complaint] = []
        if t >= start {
            for index in population(dossierDays, start: start, t: t, endedAt: { dossiers.rows[$0].endedAt }) {
                if let late = lateDossier(index, query) { dossierList.append(late) }
            }
            for index in population(complaintDays, start: start, t: t, endedAt: { complaints.rows[$0].finishedAt }) {
                if let late = lateComplaint(index, query) { complaintList.append(late) }
            }
        }
        dossierList.sort {
            ($1.daysLate, $0.summary.due, $0.summary.dossier.rawValue)
                < ($0.daysLate, $1.summary.due, $1.summary.dossier.rawValue)
        }
        complaintList.sort {
            ($1.daysLate, $0.deadline, $0.summary.complaint.rawValue)
                < ($0.daysLate, $1.deadline, $1.summary.complaint.rawValue)
        }
        return LateList(
            query: query, evaluatedAt: t, position: position, dossiers: Array(dossierList.prefix(limit)),
            dossierTotal: dossierList.count, complaints: Array(complaintList.prefix(limit)),
            complaintTotal: complaintList.count)
    }

    private func lateDossier(_ index: Int, _ query: KPIQuery) -> LateList.Dossier? {
        let (start, t) = (query.period.start, query.evaluatedAt)
        let facts = dossierFacts(index)
        guard facts.receivedAt <= t, facts.endedAt.map({ $0 >= start }) ?? true else { return nil }
        let judgedAt = facts.endedAt.flatMap { $0 <= t ? $0 : nil } ?? t
        let summary = summary(dossiers.codes[index], facts, at: t)
        guard summary.timeliness == .late, attribution(summary.agency, query) != nil else { return nil }
        let effectiveEnd = Deadlines.effectiveEnd(judgedAt, supplements: facts.supplements(knownAt: judgedAt))
        return LateList.Dossier(
            summary: summary,
            daysLate: calendar.workingDays(after: facts.due.vietnamDate, through: effectiveEnd.vietnamDate),
            apologies: facts.apologies.filter { $0 <= t }.count)
    }

    private func lateComplaint(_ index: Int, _ query: KPIQuery) -> LateList.Complaint? {
        let t = query.evaluatedAt
        let facts = ComplaintFacts(complaints, index, codes: codes)
        guard facts.receivedAt <= t, facts.finishedAt.map({ $0 > t }) ?? true else { return nil }
        let judgement = judge(facts, at: t)
        guard !judgement.isWithinLimit else { return nil }
        let summary = summary(complaints.codes[index], facts, at: t)
        guard attribution(summary.agency, query) != nil else { return nil }
        return LateList.Complaint(
            summary: summary, procedure: facts.procedure, deadline: judgement.awaited,
            daysLate: calendar.workingDays(after: judgement.awaited, through: t.vietnamDate))
    }

    /// The catalogue as folded: every registered agency and published procedure, by code.
    public var catalogue: (agencies: [CatalogueEntry], procedures: [CatalogueEntry]) {
        let agencyList = agencies.sorted { $0.key < $1.key }.map { code, a in
            CatalogueEntry(
                code: code, name: a.name, level: a.level, parent: a.parent, successor: a.successor, sector: nil,
                field: nil, timeLimitDays: nil, repealed: false)
        }
        let procedureList = procedures.sorted { $0.key < $1.key }.map { code, p in
            CatalogueEntry(
                code: code, name: p.name, level: nil, parent: nil, successor: nil, sector: p.sector, field: p.field,
                timeLimitDays: p.timeLimitDays, repealed: p.repealedAt != nil)
        }
        return (agencyList, procedureList)
    }
}
