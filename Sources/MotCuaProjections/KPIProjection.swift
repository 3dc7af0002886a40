public import MotCuaDomain

/// The KPI projection: folds the log into per-dossier, per-complaint and catalogue facts, indexed by
/// day, from which a report for any period, as of any instant, is computed (DOMAIN.md §4–§6).
///
/// A report reads only the dossiers and complaints of its population (those finished in the period
/// or open at its evaluation instant), found through day indexes: its cost follows the period's
/// activity, not the length of the log.
public struct KPIProjection: Sendable {
    /// Bumped whenever the facts kept or their meaning change: a stored checkpoint of another version
    /// is discarded and the projection rebuilt from the log.
    public static let version = 1

    /// The last log position folded in (0: none).
    public internal(set) var position: Int64 = 0
    /// The calendar due dates are computed with; reports carry its version.
    public let calendar: WorkingCalendar

    var agencies: [Code: AgencyFacts] = [:]
    var procedures: [Code: ProcedureFacts] = [:]
    var dossiers: [DossierFacts] = []
    var dossierIndex: [Code: Int] = [:]
    var complaints: [ComplaintFacts] = []
    var complaintIndex: [Code: Int] = [:]
    /// Derived indexes (rebuilt, never stored).
    var dossierDays = DayIndex()
    var complaintDays = DayIndex()

    /// An empty projection.
    public init(calendar: WorkingCalendar) {
        self.calendar = calendar
    }

    /// Folds one event recorded at `position` (positions must increase).
    public mutating func apply(_ event: EventEnvelope, position: Int64) {
        precondition(position > self.position, "events are folded in position order")
        self.position = position
        let at = event.occurredAt.instant
        switch event.data {
        case .agencyRegistered(let e):
            agencies[e.agency] = AgencyFacts(level: e.level)
        case .agencySucceeded(let e):
            agencies[e.agency]?.successor = e.successor
            agencies[e.agency]?.successionEffective = e.effective
        case .procedurePublished(let e):
            procedures[e.procedure] = ProcedureFacts(
                sector: e.sector, field: e.field, timeLimitDays: e.timeLimitDays, writtenResult: e.writtenResult,
                fullOnlineEligible: e.fullOnlineEligible, publishedAt: at)
        case .onlineServiceChanged(let e):
            procedures[e.procedure]?.services.append(.init(at: at, service: e.service))
        case .procedureRepealed(let code):
            procedures[code]?.repealedAt = at
        case .dossierReceived(let e):
            let limit = procedures[e.procedure]?.timeLimitDays ?? 0
            let due = e.dueAt?.instant ?? Deadlines.due(receivedAt: at, timeLimitDays: limit, calendar: calendar)
            dossierIndex[e.dossier] = dossiers.count
            dossierDays.received(dossiers.count, at: at)
            dossiers.append(
                DossierFacts(
                    code: e.dossier, procedure: e.procedure, channel: e.channel, receivedAt: at, due: due,
                    holdings: [Holding(from: at, agency: e.agency)]))
        case .complaintReceived(let e):
            complaintIndex[e.complaint] = complaints.count
            complaintDays.received(complaints.count, at: at)
            complaints.append(
                ComplaintFacts(
                    code: e.complaint, procedure: e.procedure, receivedAt: at,
                    holdings: [Holding(from: at, agency: e.agency)]))
        case .complaintTransferred(let e):
            updateComplaint(e.complaint) { $0.holdings.append(Holding(from: at, agency: e.toAgency)) }
        case .complaintRejected(let e):
            updateComplaint(e.complaint) { $0.rejectedAt = at }
            complaintEnded(e.complaint, at: at)
        case .complaintAnswered(let code):
            updateComplaint(code) { $0.answeredAt = at }
        case .complaintPublished(let e):
            updateComplaint(e.complaint) { $0.publishedAt = at }
            complaintEnded(e.complaint, at: at)
        default:
            applyDossierStep(event.data, at: at)
        }
    }

    private mutating func applyDossierStep(_ data: EventData, at: Instant) {
        guard let index = dossierIndex[data.subject] else { return }
        switch data {
        case .componentsDigitized:
            if dossiers[index].componentsDigitizedAt == nil { dossiers[index].componentsDigitizedAt = at }
        case .supplementRequested:
            dossiers[index].supplements.append(SupplementSpan(requested: at))
        case .supplementProvided:
            if let last = dossiers[index].supplements.indices.last { dossiers[index].supplements[last].provided = at }
        case .dossierTransferred(let e):
            dossiers[index].holdings.append(Holding(from: at, agency: e.toAgency))
        case .apologyIssued:
            dossiers[index].apologies.append(at)
        case .dossierProcessed(let e):
            endDossier(index, at: at, .processed(e.outcome, electronicResult: e.electronicResult))
        case .dossierWithdrawn:
            endDossier(index, at: at, .withdrawn)
        case .dossierStopped:
            endDossier(index, at: at, .stopped)
        case .resultDigitized:
            dossiers[index].resultDigitizedAt = at
        case .resultReturned(let e):
            dossiers[index].returnedAt = at
            dossiers[index].returnChannel = e.channel
        default:
            break
        }
    }

    private mutating func endDossier(_ index: Int, at: Instant, _ end: DossierEnd) {
        dossiers[index].endedAt = at
        dossiers[index].end = end
        dossierDays.ended(index, receivedAt: dossiers[index].receivedAt, at: at)
    }

    private mutating func updateComplaint(_ code: Code, _ change: (inout ComplaintFacts) -> Void) {
        guard let index = complaintIndex[code] else { return }
        change(&complaints[index])
    }

    private mutating func complaintEnded(_ code: Code, at: Instant) {
        guard let index = complaintIndex[code] else { return }
        complaintDays.ended(index, receivedAt: complaints[index].receivedAt, at: at)
    }
}

/// Members of a population (dossiers or complaints) indexed by the local day they were received and
/// the day they ended, so that "ended in [S, T]" and "open at T" are found without a full scan.
struct DayIndex: Sendable {
    /// Per receipt day: its members, how many are still open, and the latest end among the others.
    struct ReceiptDay: Sendable {
        var members: [Int] = []
        var open = 0
        var latestEnd = Instant(nanoseconds: .min)
    }

    private(set) var byReceipt: [Int: ReceiptDay] = [:]
    private(set) var receiptDays: [Int] = []
    private(set) var byEnd: [Int: [Int]] = [:]

    mutating func received(_ member: Int, at: Instant) {
        let day = at.vietnamDate.dayNumber
        if byReceipt[day] == nil {
            byReceipt[day] = ReceiptDay()
            // Receipts mostly arrive in day order: keep the day list sorted cheaply.
            let slot = receiptDays.lastIndex { $0 < day }.map { $0 + 1 } ?? 0
            receiptDays.insert(day, at: slot)
        }
        byReceipt[day]!.members.append(member)
        byReceipt[day]!.open += 1
    }

    mutating func ended(_ member: Int, receivedAt: Instant, at: Instant) {
        let day = receivedAt.vietnamDate.dayNumber
        byReceipt[day]?.open -= 1
        if let latest = byReceipt[day]?.latestEnd, at > latest { byReceipt[day]?.latestEnd = at }
        byEnd[at.vietnamDate.dayNumber, default: []].append(member)
    }

    /// Members that ended on the local days `first...last` (callers check the exact instants).
    func ended(from first: Int, through last: Int) -> [Int] {
        guard first <= last else { return [] }
        var found: [Int] = []
        // A period may span millennia (a label is any year 1900–9998): walk whichever side is shorter.
        if last - first >= byEnd.count {
            for day in byEnd.keys.sorted() where first <= day && day <= last { found += byEnd[day] ?? [] }
        } else {
            for day in first...last { found += byEnd[day] ?? [] }
        }
        return found
    }

    /// Members received on or before the local day `day` whose receipt day still had an open member or
    /// a member ending after `t` (callers check the exact instants): a superset of those open at `t`.
    func possiblyOpen(at t: Instant, receivedThrough day: Int) -> [Int] {
        var found: [Int] = []
        for receiptDay in receiptDays {
            if receiptDay > day { break }
            guard let bucket = byReceipt[receiptDay], bucket.open > 0 || bucket.latestEnd > t else { continue }
            found += bucket.members
        }
        return found
    }
}
