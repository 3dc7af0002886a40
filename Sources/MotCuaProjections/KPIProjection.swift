public import MotCuaDomain
import MotCuaStore

/// The KPI projection: folds the log into per-dossier, per-complaint and catalogue facts, indexed by
/// day, from which a report for any period, as of any instant, is computed (DOMAIN.md §4–§6).
///
/// A report reads only the dossiers and complaints of its population (those finished in the period
/// or open at its evaluation instant), found through day indexes: its cost follows the period's
/// activity, not the length of the log.
public struct KPIProjection: Sendable {
    /// Bumped whenever the facts kept or their meaning change: a stored checkpoint of another version
    /// is discarded and the projection rebuilt from the log.
    public static let version = 3

    /// The last log position folded in (0: none).
    public internal(set) var position: Int64 = 0
    /// The calendar due dates are computed with; reports carry its version.
    public let calendar: WorkingCalendar

    var agencies: [Code: AgencyFacts] = [:]
    var procedures: [Code: ProcedureFacts] = [:]
    /// The catalogue codes dossier and complaint rows name, interned.
    var codes = CodeTable()
    var dossiers = MemberTable<DossierRow>()
    var complaints = MemberTable<ComplaintRow>()
    /// The earliest `ComplaintReceived` naming each dossier by code, by the dossier's row (Decision 766,
    /// 5.4: any complaint, whatever its agency, date or outcome)...
    var complaintNamed: [Int32: Int64] = [:]
    /// ...and for codes no dossier of the log has (yet): moved to `complaintNamed` when one is received.
    var complaintNamedCodes: [Code: Int64] = [:]
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
            agencies[e.agency] = AgencyFacts(name: e.name, level: e.level, parent: e.parent)
        case .agencySucceeded(let e):
            agencies[e.agency]?.successor = e.successor
            agencies[e.agency]?.successionEffective = e.effective
        case .procedurePublished(let e):
            procedures[e.procedure] = ProcedureFacts(
                name: e.name, sector: e.sector, field: e.field, timeLimitDays: e.timeLimitDays,
                writtenResult: e.writtenResult,
                fullOnlineEligible: e.fullOnlineEligible, publishedAt: at)
        case .onlineServiceChanged(let e):
            procedures[e.procedure]?.services.append(.init(at: at, service: e.service))
        case .procedureRepealed(let code):
            procedures[code]?.repealedAt = at
        case .dossierReceived(let e):
            let limit = procedures[e.procedure]?.timeLimitDays ?? 0
            let due = e.dueAt?.instant ?? Deadlines.due(receivedAt: at, timeLimitDays: limit, calendar: calendar)
            if let named = complaintNamedCodes.removeValue(forKey: e.dossier) {
                complaintNamed[Int32(dossiers.rows.count)] = named
            }
            dossierDays.received(dossiers.rows.count, at: at)
            dossiers.append(
                e.dossier,
                DossierRow(
                    receivedAt: at.nanoseconds, due: due.nanoseconds, procedure: codes.intern(e.procedure),
                    agency: codes.intern(e.agency), channel: e.channel.storedCode))
        case .complaintReceived(let e):
            if let dossier = e.dossier { noteComplaint(naming: dossier, at: at.nanoseconds) }
            complaintDays.received(complaints.rows.count, at: at)
            complaints.append(
                e.complaint,
                ComplaintRow(
                    receivedAt: at.nanoseconds, procedure: e.procedure.map { codes.intern($0) } ?? .max,
                    agency: codes.intern(e.agency)))
        case .complaintTransferred(let e):
            guard let index = complaints.index(of: e.complaint) else { return }
            complaints.updateExtras(index) { $0.append(Holding(from: at, agency: e.toAgency)) }
        case .complaintRejected(let e):
            complaintEnded(e.complaint, at: at) { $0.rejectedAt = at.nanoseconds }
        case .complaintAnswered(let code):
            guard let index = complaints.index(of: code) else { return }
            complaints.rows[index].answeredAt = at.nanoseconds
        case .complaintPublished(let e):
            complaintEnded(e.complaint, at: at) { $0.publishedAt = at.nanoseconds }
        default:
            applyDossierStep(event.data, at: at)
        }
    }

    private mutating func applyDossierStep(_ data: EventData, at: Instant) {
        guard let index = dossiers.index(of: data.subject) else { return }
        let nanoseconds = at.nanoseconds
        switch data {
        case .componentsDigitized(let e):
            if dossiers.rows[index].componentsDigitizedAt == .noInstant {
                dossiers.rows[index].componentsDigitizedAt = nanoseconds
            }
            if e.reused >= 1, dossiers.rows[index].reusedAt == .noInstant {
                dossiers.rows[index].reusedAt = nanoseconds
            }
        case .supplementRequested:
            dossiers.updateExtras(index) { $0.supplements.append(SupplementSpan(requested: at)) }
        case .supplementProvided:
            dossiers.updateExtras(index) {
                if let last = $0.supplements.indices.last { $0.supplements[last].provided = at }
            }
        case .dossierTransferred(let e):
            dossiers.updateExtras(index) { $0.transfers.append(Holding(from: at, agency: e.toAgency)) }
        case .apologyIssued:
            dossiers.updateExtras(index) { $0.apologies.append(at) }
        case .dossierProcessed(let e):
            endDossier(index, at: at, .processed(e.outcome, electronicResult: e.electronicResult))
        case .dossierWithdrawn:
            endDossier(index, at: at, .withdrawn)
        case .dossierStopped:
            endDossier(index, at: at, .stopped)
        case .resultDigitized:
            dossiers.rows[index].resultDigitizedAt = nanoseconds
        case .resultReturned(let e):
            dossiers.rows[index].returnedAt = nanoseconds
            dossiers.rows[index].returnChannel = e.channel.storedCode + 1
        case .dossierRated(let e):
            dossiers.rows[index].ratedAt = nanoseconds
            dossiers.rows[index].rating = e.satisfied ? 2 : 1
        default:
            break
        }
    }

    /// Records that a complaint received at `at` names dossier `code` (the earliest such complaint counts).
    private mutating func noteComplaint(naming code: Code, at: Int64) {
        if let index = dossiers.index(of: code) {
            complaintNamed[Int32(index)] = min(at, complaintNamed[Int32(index)] ?? .max)
        } else {
            complaintNamedCodes[code] = min(at, complaintNamedCodes[code] ?? .max)
        }
    }

    /// Dossier `index`'s facts, as reports read them.
    func dossierFacts(_ index: Int) -> DossierFacts {
        DossierFacts(
            dossiers, index, codes: codes, complaintAt: complaintNamed.isEmpty ? nil : complaintNamed[Int32(index)])
    }

    private mutating func endDossier(_ index: Int, at: Instant, _ end: DossierEnd) {
        dossiers.rows[index].endedAt = at.nanoseconds
        dossiers.rows[index].end = end.storedCode
        dossierDays.ended(index, receivedAt: Instant(nanoseconds: dossiers.rows[index].receivedAt), at: at)
    }

    /// Records a complaint's rejection or publication (`change`) and indexes the day it ended.
    private mutating func complaintEnded(_ code: Code, at: Instant, _ change: (inout ComplaintRow) -> Void) {
        guard let index = complaints.index(of: code) else { return }
        change(&complaints.rows[index])
        complaintDays.ended(index, receivedAt: Instant(nanoseconds: complaints.rows[index].receivedAt), at: at)
    }
}

/// Members of a population (dossiers or complaints) indexed by the local day they were received and
/// the day they ended, so that "ended in [S, T]" and "open at T" are found without a full scan.
struct DayIndex: Sendable {
    /// Per receipt day: its members, how many are still open, and the latest end among the others.
    struct ReceiptDay: Sendable {
        var members: [Int32] = []
        var open = 0
        var latestEnd = Instant(nanoseconds: .min)

        mutating func add(_ more: [Int32], open opened: Int, latestEnd end: Int64) {
            members += more
            open += opened
            if end > latestEnd.nanoseconds { latestEnd = Instant(nanoseconds: end) }
        }
    }

    private(set) var byReceipt: [Int: ReceiptDay] = [:]
    private(set) var receiptDays: [Int] = []
    private(set) var byEnd: [Int: [Int32]] = [:]

    init() {}

    /// The index of `count` members, member `i` received at `receivedAt(i)` and ended at `endedAt(i)`
    /// (`Int64.noInstant` while open), built in bulk when a checkpoint loads: a dictionary operation per
    /// day rather than per member (receipts come mostly in day order; ends are bucketed by a counting sort).
    init(count: Int, receivedAt: (Int) -> Int64, endedAt: (Int) -> Int64) {
        func day(_ nanoseconds: Int64) -> Int { Instant(nanoseconds: nanoseconds).vietnamDate.dayNumber }
        var run = (day: Int.min, members: [Int32](), open: 0, latestEnd: Int64.min)
        func flush() {
            guard !run.members.isEmpty else { return }
            if byReceipt[run.day] == nil {
                let slot = receiptDays.lastIndex { $0 < run.day }.map { $0 + 1 } ?? 0
                receiptDays.insert(run.day, at: slot)
            }
            byReceipt[run.day, default: ReceiptDay()].add(run.members, open: run.open, latestEnd: run.latestEnd)
            run.members.removeAll(keepingCapacity: true)
            (run.open, run.latestEnd) = (0, .min)
        }
        var endDays: [Int] = []
        var ended: [Int32] = []
        for member in 0..<count {
            let received = day(receivedAt(member))
            if received != run.day {
                flush()
                run.day = received
            }
            run.members.append(Int32(member))
            let end = endedAt(member)
            if end == .noInstant {
                run.open += 1
            } else {
                run.latestEnd = max(run.latestEnd, end)
                endDays.append(day(end))
                ended.append(Int32(member))
            }
        }
        flush()
        guard let first = endDays.min(), let last = endDays.max() else { return }
        guard last - first <= 4 * endDays.count + 4096 else {
            // Ends scattered over millennia (possible, never seen): one dictionary operation each.
            for (day, member) in zip(endDays, ended) { byEnd[day, default: []].append(member) }
            return
        }
        var starts = [Int](repeating: 0, count: last - first + 2)
        for day in endDays { starts[day - first + 1] += 1 }
        for slot in 1..<starts.count { starts[slot] += starts[slot - 1] }
        var sorted = [Int32](repeating: 0, count: ended.count)
        var next = starts
        for (day, member) in zip(endDays, ended) {
            sorted[next[day - first]] = member
            next[day - first] += 1
        }
        for offset in 0..<(starts.count - 1) where starts[offset] < starts[offset + 1] {
            byEnd[first + offset] = Array(sorted[starts[offset]..<starts[offset + 1]])
        }
    }

    mutating func received(_ member: Int, at: Instant) {
        let day = at.vietnamDate.dayNumber
        if byReceipt[day] == nil {
            byReceipt[day] = ReceiptDay()
            // Receipts mostly arrive in day order: keep the day list sorted cheaply.
            let slot = receiptDays.lastIndex { $0 < day }.map { $0 + 1 } ?? 0
            receiptDays.insert(day, at: slot)
        }
        byReceipt[day]!.members.append(Int32(member))
        byReceipt[day]!.open += 1
    }

    mutating func ended(_ member: Int, receivedAt: Instant, at: Instant) {
        let day = receivedAt.vietnamDate.dayNumber
        byReceipt[day]?.open -= 1
        if let latest = byReceipt[day]?.latestEnd, at > latest { byReceipt[day]?.latestEnd = at }
        byEnd[at.vietnamDate.dayNumber, default: []].append(Int32(member))
    }

    /// Members that ended on the local days `first...last` (callers check the exact instants).
    func ended(from first: Int, through last: Int) -> [Int32] {
        guard first <= last else { return [] }
        var found: [Int32] = []
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
    func possiblyOpen(at t: Instant, receivedThrough day: Int) -> [Int32] {
        var found: [Int32] = []
        for receiptDay in receiptDays {
            if receiptDay > day { break }
            guard let bucket = byReceipt[receiptDay], bucket.open > 0 || bucket.latestEnd > t else { continue }
            found += bucket.members
        }
        return found
    }
}
