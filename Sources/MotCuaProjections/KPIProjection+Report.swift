package import MotCuaDomain

/// What a report sums: the counts of its total and of each group, before rates, sorting and rendering. A
/// server keeps these for the queries it answered and brings them up to date as members change
/// (`KPIProjection.add(_:of:to:times:)`), instead of summing the whole population again.
package struct ReportSums: Sendable {
    var total = KPICounts()
    var groups: [String: KPICounts] = [:]
    /// Dossiers received in [S, T] by procedure id, of the total and of each group (§7, 3.1–3.2).
    var totalUse: [UInt32: ProcedureUse] = [:]
    var groupUse: [String: [UInt32: ProcedureUse]] = [:]

    package init() {}
}

extension KPIProjection {
    /// A member of a report's population: a dossier or a complaint, by its place in the projection.
    package enum Member: Sendable, Hashable {
        case dossier(Int)
        case complaint(Int)
    }

    /// The report for `query`, computed from the facts of its population only (DOMAIN.md §6,
    /// docs/kpi-report.md).
    public func report(_ query: KPIQuery) -> KPIReport {
        report(query, sums: sums(query))
    }

    /// The sums of `query` over its whole population (those ended in the period or open at T).
    package func sums(_ query: KPIQuery) -> ReportSums {
        let start = query.period.start
        let t = query.evaluatedAt
        var sums = ReportSums()
        guard t >= start else { return sums }
        for index in population(dossierDays, start: start, t: t, endedAt: { dossiers.rows[$0].endedAt }) {
            add(.dossier(index), of: query, to: &sums)
        }
        for index in population(complaintDays, start: start, t: t, endedAt: { complaints.rows[$0].finishedAt }) {
            add(.complaint(index), of: query, to: &sums)
        }
        return sums
    }

    /// The report of `query` from its sums, at the projection's position.
    package func report(_ query: KPIQuery, sums: ReportSums) -> KPIReport {
        let t = query.evaluatedAt
        let grouped = sums.groups.filter { !$0.value.isEmpty }.sorted {
            $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
        }
        var catalogue = procedureCounts(at: t)
        let used = procedures(sums.totalUse, at: t)
        catalogue.onlineProceduresUsed = used.onlineProceduresUsed
        return KPIReport(
            query: query, evaluatedAt: t, position: position, calendarVersion: calendar.version,
            groups: grouped.map {
                KPIReport.Group(
                    key: $0.key, counts: $0.value, procedures: procedures(sums.groupUse[$0.key] ?? [:], at: t),
                    onTimeTarget: onTimeTarget(query, $0.key))
            },
            total: sums.total, procedures: catalogue, agencyProcedures: query.agency == nil ? nil : used)
    }

    /// The members an event of a dossier or complaint stream is about, once the projection knows them (none
    /// for catalogue events and members not received yet).
    /// A `ComplaintReceived` naming a known dossier is about that dossier too (Decision 766, 5.4).
    package func members(of event: EventEnvelope) -> [Member] {
        switch event.stream.kind {
        case .dossier: return dossiers.index(of: event.data.subject).map { [.dossier($0)] } ?? []
        case .complaint:
            var members = complaints.index(of: event.data.subject).map { [Member.complaint($0)] } ?? []
            if case .complaintReceived(let e) = event.data, let named = e.dossier, let index = dossiers.index(of: named)
            {
                members.append(.dossier(index))
            }
            return members
        case .agency, .procedure: return []
        }
    }

    /// Adds what one member contributes to `query`'s sums, `times` times (−1 takes it back): nothing when
    /// it is outside the population (received after T, or ended before the period).
    package func add(_ member: Member, of query: KPIQuery, to sums: inout ReportSums, times: Int = 1) {
        let start = query.period.start
        let t = query.evaluatedAt
        guard t >= start else { return }
        var counts = KPICounts()
        let holder: Code
        let procedure: Code?
        /// The procedure and channel of a dossier received in [S, T].
        var use: (procedure: UInt32, online: Bool)?
        switch member {
        case .dossier(let index):
            let facts = dossierFacts(index)
            guard facts.receivedAt <= t, facts.endedAt.map({ $0 >= start }) ?? true else { return }
            let end = facts.endedAt.flatMap { $0 <= t ? $0 : nil }
            count(facts, end: end, start: start, t: t, into: &counts)
            holder = facts.agency(at: end ?? t)
            procedure = facts.procedure
            if counts.received == 1 { use = (dossiers.rows[index].procedure, facts.channel == .online) }
        case .complaint(let index):
            let facts = ComplaintFacts(complaints, index, codes: codes)
            guard facts.receivedAt <= t, facts.finishedAt.map({ $0 >= start }) ?? true else { return }
            let end = facts.finishedAt.flatMap { $0 <= t ? $0 : nil }
            count(facts, end: end, start: start, t: t, into: &counts)
            holder = facts.agency(at: end ?? t)
            procedure = facts.procedure
        }
        guard let attributed = attribution(holder, query) else { return }
        sums.total.add(counts, times: times)
        if let use { sums.totalUse.add(use, times: times) }
        guard let grouping = query.grouping else { return }
        let key: String?
        switch grouping {
        case .agency: key = attributed.rawValue
        case .level: key = agencies[attributed]?.level.rawValue
        case .sector: key = procedure.flatMap { procedures[$0]?.sector.rawValue }
        case .field: key = procedure.flatMap { procedures[$0]?.field.rawValue }
        case .procedure: key = procedure?.rawValue
        }
        guard let key else { return }
        sums.groups[key, default: KPICounts()].add(counts, times: times)
        if let use { sums.groupUse[key, default: [:]].add(use, times: times) }
    }

    /// The agency a member held by `holder` (at its end or T) counts for in `query`: its successor when
    /// folding successors; `nil` when the query keeps to another agency.
    func attribution(_ holder: Code, _ query: KPIQuery) -> Code? {
        let attributed = query.foldSuccessors ? successor(of: holder, at: query.evaluatedAt) : holder
        if let only = query.agency, attributed != only { return nil }
        return attributed
    }

    /// Indices of the members ended in [start, t] or open at t (a superset; callers check instants).
    func population(
        _ days: DayIndex, start: Instant, t: Instant, endedAt: (Int) -> Int64
    ) -> [Int] {
        let (from, through) = (start.nanoseconds, t.nanoseconds)
        var found: [Int] = []
        for member in days.ended(from: start.vietnamDate.dayNumber, through: t.vietnamDate.dayNumber) {
            let at = endedAt(Int(member))
            if at != .noInstant, at >= from, at <= through { found.append(Int(member)) }
        }
        for member in days.possiblyOpen(at: t, receivedThrough: t.vietnamDate.dayNumber) {
            let at = endedAt(Int(member))
            if at == .noInstant || at > through { found.append(Int(member)) }
        }
        return found
    }

    private func count(_ d: DossierFacts, end: Instant?, start: Instant, t: Instant, into c: inout KPICounts) {
        let procedure = procedures[d.procedure]
        if d.receivedAt >= start {
            c.received += 1
            switch d.channel {
            case .online: c.receivedOnline += 1
            case .direct: c.receivedDirect += 1
            case .postal: c.receivedPostal += 1
            }
            if let digitized = d.componentsDigitizedAt, digitized <= t { c.componentsDigitized += 1 }
            // Decision 766 (§7): an approved written result processed by T that was not electronic keeps a
            // dossier from 3.3 and, unless digitized by T, from 4.2.
            var writtenApproved: (electronic: Bool, digitized: Bool)?
            if end != nil, case .processed(.approved, let electronic)? = d.end, procedure?.writtenResult == true {
                writtenApproved = (electronic, d.resultDigitizedAt.map { $0 <= t } ?? false)
            }
            if d.channel == .online, writtenApproved.map({ $0.electronic }) ?? true { c.receivedOnlineQualified += 1 }
            if let digitized = d.componentsDigitizedAt, digitized <= t,
                writtenApproved.map({ $0.electronic || $0.digitized }) ?? true
            {
                c.dossiersDigitized += 1
            }
            if let reused = d.reusedAt, reused <= t { c.dossiersReusing += 1 }
        } else {
            c.carriedOver += 1
        }
        let judgedAt = end ?? t
        let supplements = d.supplements(knownAt: judgedAt)
        let timeliness = Deadlines.classify(due: d.due, end: judgedAt, supplements: supplements)
        c.apologies += d.apologies.filter { $0 >= start && $0 <= t }.count
        guard end != nil else {
            c.inProcess += 1
            if timeliness == .late { c.inProcessLate += 1 } else { c.inProcessWithinLimit += 1 }
            return
        }
        c.finished += 1
        var ratedUnsatisfied = false
        if let rated = d.ratedAt, rated <= t {
            c.rated += 1
            if d.satisfied { c.satisfied += 1 } else { ratedUnsatisfied = true }
        }
        let complainedOf = d.complaintAt.map { $0 <= t } ?? false
        if timeliness != .late, !ratedUnsatisfied, !complainedOf { c.finishedSatisfying += 1 }
        switch timeliness {
        case .early: c.early += 1
        case .onTime: c.onTime += 1
        case .late: c.late += 1
        }
        switch d.end {
        case .withdrawn: c.withdrawn += 1
        case .stopped: c.stopped += 1
        case .processed(let outcome, let electronic):
            if outcome == .approved, procedure?.writtenResult == true {
                c.resultsRequired += 1
                if electronic || (d.resultDigitizedAt.map { $0 <= t } ?? false) { c.resultsDigitized += 1 }
                if electronic { c.resultsElectronic += 1 }
            }
            if procedure?.fullOnlineEligible == true {
                c.fullyOnlineEligible += 1
                let electronicWhereNeeded = !(procedure?.writtenResult ?? false) || electronic
                let returnedInPerson = d.returnedAt.map { $0 <= t } == true && d.returnChannel == .direct
                if d.channel == .online, electronicWhereNeeded, !returnedInPerson { c.fullyOnline += 1 }
            }
        case nil:
            break
        }
    }

    private func count(_ complaint: ComplaintFacts, end: Instant?, start: Instant, t: Instant, into c: inout KPICounts)
    {
        if complaint.receivedAt >= start { c.complaintsReceived += 1 }
        let judgement = judge(complaint, at: t)
        if end != nil {
            c.complaintsFinished += 1
            if judgement.stepsMet { c.complaintsFinishedOnTime += 1 }
            if let published = complaint.publishedAt, published <= t, published >= start { c.complaintsPublished += 1 }
            return
        }
        c.complaintsInProcess += 1
        if judgement.isWithinLimit { c.complaintsInProcessWithinLimit += 1 }
    }

    /// How a complaint stands at `t` against its limits (DOMAIN.md §4, the Portal's PAKN rules).
    struct ComplaintJudgement {
        /// Every step taken by `t` met its limit.
        var stepsMet: Bool
        /// While open at `t`: the deadline day of the step it waits for (the answer, then the publication).
        var awaited: LocalDate
        /// Open at `t` and within limit: every step met its limit and `t` is on or before `awaited`.
        var isWithinLimit: Bool
    }

    func judge(_ complaint: ComplaintFacts, at t: Instant) -> ComplaintJudgement {
        let seen = { (at: Instant?) in at.flatMap { $0 <= t ? $0 : nil } }
        let rejected = seen(complaint.rejectedAt)
        let answered = seen(complaint.answeredAt)
        let published = seen(complaint.publishedAt)
        /// The local date the answer (or rejection) clock runs from: the receipt or the last transfer before `at`.
        func clockStart(_ at: Instant) -> LocalDate { complaint.clockStart(at).vietnamDate }
        func deadline(_ from: LocalDate, _ days: Int) -> LocalDate {
            Deadlines.complaintDeadline(from: from, days: days, calendar: calendar)
        }
        var stepsMet = true
        if let rejected {
            stepsMet =
                stepsMet
                && Deadlines.meets(rejected, deadline: deadline(clockStart(rejected), Deadlines.complaintRejectionDays))
        }
        if let answered {
            stepsMet =
                stepsMet
                && Deadlines.meets(answered, deadline: deadline(clockStart(answered), Deadlines.complaintAnswerDays))
        }
        if let published, let answered {
            stepsMet =
                stepsMet
                && Deadlines.meets(
                    published, deadline: deadline(answered.vietnamDate, Deadlines.complaintPublicationDays))
        }
        let awaited =
            answered.map { deadline($0.vietnamDate, Deadlines.complaintPublicationDays) }
            ?? deadline(clockStart(t), Deadlines.complaintAnswerDays)
        return ComplaintJudgement(
            stepsMet: stepsMet, awaited: awaited, isWithinLimit: stepsMet && Deadlines.meets(t, deadline: awaited))
    }

    /// The agency that answers for `agency` at `t`: its successor (transitively) once effective.
    private func successor(of agency: Code, at t: Instant) -> Code {
        var current = agency
        var seen: Set<Code> = [agency]
        while let facts = agencies[current], let next = facts.successor, let effective = facts.successionEffective,
            effective <= t.vietnamDate, seen.insert(next).inserted
        {
            current = next
        }
        return current
    }

    /// 0.99 for sector groups TNMT and KHDT and field groups whose procedures all belong to them; else 1.
    private func onTimeTarget(_ query: KPIQuery, _ key: String) -> Double {
        let relaxed: Set<String> = ["TNMT", "KHDT"]
        switch query.grouping {
        case .sector: return relaxed.contains(key) ? 0.99 : 1
        case .field:
            let sectors = Set(procedures.values.filter { $0.field.rawValue == key }.map(\.sector.rawValue))
            return !sectors.isEmpty && sectors.isSubset(of: relaxed) ? 0.99 : 1
        case .procedure:
            let sector = Code(key).flatMap { procedures[$0]?.sector.rawValue }
            return sector.map(relaxed.contains) == true ? 0.99 : 1
        default: return 1
        }
    }

    /// The procedures of a group from its dossiers' use of them (DOMAIN.md §7, 3.1–3.2).
    private func procedures(_ use: [UInt32: ProcedureUse], at t: Instant) -> GroupProcedures {
        var counts = GroupProcedures()
        for (id, use) in use where use.received > 0 {
            guard let facts = procedures[codes[id]], facts.publishedAt <= t,
                !(facts.repealedAt.map { $0 <= t } ?? false)
            else { continue }
            counts.procedures += 1
            guard facts.service(at: t) != .none else { continue }
            counts.onlineProcedures += 1
            if use.online > 0 { counts.onlineProceduresUsed += 1 }
        }
        return counts
    }

    private func procedureCounts(at t: Instant) -> ProcedureCounts {
        var counts = ProcedureCounts()
        for facts in procedures.values where facts.publishedAt <= t && !(facts.repealedAt.map { $0 <= t } ?? false) {
            let service = facts.service(at: t)
            counts.procedures += 1
            if service != .none { counts.onlineServices += 1 }
            if facts.fullOnlineEligible {
                counts.fullOnlineEligibleProcedures += 1
                if service == .full { counts.fullOnlineServices += 1 }
            }
        }
        return counts
    }
}

extension [UInt32: ProcedureUse] {
    /// Counts one dossier received in [S, T] of procedure `use.procedure`, `times` times (−1 takes it back).
    fileprivate mutating func add(_ use: (procedure: UInt32, online: Bool), times: Int) {
        self[use.procedure, default: ProcedureUse()].received += times
        if use.online { self[use.procedure, default: ProcedureUse()].online += times }
        if self[use.procedure]?.received == 0 { self[use.procedure] = nil }
    }
}
