import Foundation
import MotCuaDomain
import MotCuaSQLite
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaProjections

/// A server clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    // `@unchecked Sendable`: `now` is guarded by the lock.
    private let lock = NSLock()
    private var current: Instant

    init(_ start: String) throws {
        current = try Timestamp(parsing: start).instant
    }

    var now: Instant { lock.withLock { current } }

    func set(_ text: String) throws {
        let instant = try Timestamp(parsing: text).instant
        lock.withLock { current = instant }
    }
}

@Suite("KPI projection")
struct KPIProjectionTests {
    typealias S = SampleEvents

    static func query(_ label: String, asOf: Instant? = nil, by: KPIQuery.Grouping? = .agency) throws -> KPIQuery {
        KPIQuery(period: try ReportPeriod(parsing: label), asOf: asOf, grouping: by)
    }

    /// A small history over Q1 and Q2 2025: dossiers early, late, waiting, transferred, complaints.
    static let history: [EventEnvelope] =
        S.catalogue + [
            S.received("D1", at: "2025-01-06T09:00:00+07:00"),
            S.event(
                "DossierProcessed", "2025-01-10T10:00:00+07:00",
                #""dossier":"D1","outcome":"approved","electronicResult":true"#),
            S.received("D2", at: "2025-01-06T09:30:00+07:00"),
            S.event(
                "DossierProcessed", "2025-03-03T10:00:00+07:00",
                #""dossier":"D2","outcome":"denied","electronicResult":false"#),
            S.received("D3", agency: "A2", at: "2025-03-10T08:00:00+07:00"),
            S.step("SupplementRequested", "D3", at: "2025-03-11T08:00:00+07:00"),
            S.received("D4", at: "2025-03-12T08:00:00+07:00"),
            S.event("DossierTransferred", "2025-03-13T08:00:00+07:00", #""dossier":"D4","toAgency":"A2""#),
            S.complaint("K1", agency: "A1", at: "2025-02-03T09:00:00+07:00"),
            S.received("D5", at: "2025-04-01T08:00:00+07:00"),
        ]

    static func projection(_ events: [EventEnvelope]) -> KPIProjection {
        var projection = KPIProjection(calendar: .builtIn)
        for (index, event) in events.enumerated() { projection.apply(event, position: Int64(index + 1)) }
        return projection
    }

    /// Every fact a checkpoint stores, and every case of each stored vocabulary (levels, online services,
    /// channels, ends), for the checkpoint codec's round trip.
    static let everyFact: [EventEnvelope] =
        history + [
            S.event(
                "AgencyRegistered", "2025-01-02T08:00:00+07:00", #""agency":"D1","name":"Quận 1","level":"district""#),
            S.event(
                "AgencyRegistered", "2025-01-02T08:00:00+07:00", #""agency":"C1","name":"Phường 1","level":"commune""#),
            S.event(
                "AgencySucceeded", "2025-04-03T08:00:00+07:00",
                #""agency":"C1","successor":"D1","effective":"2025-05-01""#),
            S.event("OnlineServiceChanged", "2025-04-03T08:00:00+07:00", #""procedure":"P1","service":"partial""#),
            S.event("OnlineServiceChanged", "2025-04-04T08:00:00+07:00", #""procedure":"P1","service":"full""#),
            S.event("OnlineServiceChanged", "2025-04-05T08:00:00+07:00", #""procedure":"P1","service":"none""#),
            S.event(
                "DossierReceived", "2025-04-07T08:00:00+07:00",
                #""dossier":"E1","procedure":"P1","agency":"D1","channel":"direct","applicant":"household""#),
            S.event(
                "DossierReceived", "2025-04-07T08:00:00+07:00",
                #""dossier":"E2","procedure":"P1","agency":"C1","channel":"postal","applicant":"enterprise""#),
            S.event("ComponentsDigitized", "2025-04-07T09:00:00+07:00", #""dossier":"E1","documents":3,"reused":1"#),
            S.event(
                "ApologyIssued", "2025-04-30T09:00:00+07:00", #""dossier":"E1","newDueAt":"2025-05-09T17:00:00+07:00""#),
            S.event(
                "DossierProcessed", "2025-05-05T09:00:00+07:00",
                #""dossier":"E1","outcome":"approved","electronicResult":false"#),
            S.event("ResultDigitized", "2025-05-05T10:00:00+07:00", #""dossier":"E1""#),
            S.event("ResultReturned", "2025-05-06T10:00:00+07:00", #""dossier":"E1","channel":"postal""#),
            S.event("DossierRated", "2025-05-06T11:00:00+07:00", #""dossier":"E1","satisfied":true"#),
            S.event("DossierStopped", "2025-04-08T10:00:00+07:00", #""dossier":"E2","reason":"không đủ điều kiện""#),
            // A complaint naming E4 before E4 is received, one naming E1, one naming a dossier the log never has.
            S.event(
                "ComplaintReceived", "2025-04-07T10:00:00+07:00",
                #""complaint":"K3","agency":"A1","channel":"portal","category":"conduct","dossier":"E4""#),
            S.event(
                "ComplaintReceived", "2025-04-07T11:00:00+07:00",
                #""complaint":"K4","agency":"A2","channel":"email","category":"other","dossier":"E1""#),
            S.event(
                "ComplaintReceived", "2025-04-07T12:00:00+07:00",
                #""complaint":"K5","agency":"A2","channel":"direct","category":"other","dossier":"ZZ-1""#),
            S.received("E3", at: "2025-04-08T08:00:00+07:00"),
            S.event("ComponentsDigitized", "2025-04-08T09:00:00+07:00", #""dossier":"E3","documents":2,"reused":0"#),
            S.event("ComponentsDigitized", "2025-04-08T10:00:00+07:00", #""dossier":"E3","documents":1,"reused":1"#),
            S.step("DossierWithdrawn", "E3", at: "2025-04-09T08:00:00+07:00"),
            S.received("E4", at: "2025-04-08T08:00:00+07:00"),
            S.event(
                "DossierProcessed", "2025-04-10T09:00:00+07:00",
                #""dossier":"E4","outcome":"denied","electronicResult":true"#),
            S.event("ResultReturned", "2025-04-11T10:00:00+07:00", #""dossier":"E4","channel":"direct""#),
            S.event("DossierRated", "2025-04-12T10:00:00+07:00", #""dossier":"E4","satisfied":false"#),
            S.event(
                "ComplaintReceived", "2025-04-07T09:00:00+07:00",
                #""complaint":"K2","agency":"A1","channel":"hotline","category":"regulation","procedure":"P1""#),
            S.event("ComplaintTransferred", "2025-04-08T09:00:00+07:00", #""complaint":"K2","toAgency":"A2""#),
            S.event("ComplaintAnswered", "2025-04-10T09:00:00+07:00", #""complaint":"K2""#),
            S.event("ComplaintPublished", "2025-04-11T09:00:00+07:00", #""complaint":"K2","channel":"portal""#),
            S.event("ComplaintRejected", "2025-04-09T09:00:00+07:00", #""complaint":"K1","reason":"trùng lặp""#),
            S.event("ProcedureRepealed", "2025-06-01T08:00:00+07:00", #""procedure":"P1""#),
        ]

    /// What the server does with the reports it keeps: each dossier or complaint event dated by T takes its
    /// member's contribution back before it is folded and adds it again after; the sums then equal those
    /// summed afresh, for every event of a history holding every fact, every grouping and filter.
    /// The late list is the report's red figures, member by member: as many dossiers as `late +
    /// inProcessLate` and complaints as `complaintsInProcess − complaintsInProcessWithinLimit`, for every
    /// period, instant and agency filter; each late by §4, most days late first, cut at `limit`.
    @Test("the late list holds exactly the members the report counts late")
    func lateListMatchesReport() throws {
        let projection = Self.projection(Self.everyFact)
        var queries: [KPIQuery] = []
        for label in ["2025-Q1", "2025-Q2", "2025-H1", "2025", "2025-04"] {
            queries.append(try Self.query(label, by: nil))
            queries.append(try Self.query(label, asOf: try Timestamp(parsing: "2025-04-09T12:00:00+07:00").instant))
            for agency in ["A1", "A2", "D1", "C1"] {
                queries.append(KPIQuery(period: try ReportPeriod(parsing: label), agency: Code(agency)))
            }
            queries.append(KPIQuery(period: try ReportPeriod(parsing: label), agency: Code("D1"), foldSuccessors: true))
        }
        var nonEmpty = 0
        for query in queries {
            let total = projection.report(query).total
            let list = projection.lateList(query, limit: 1_000)
            #expect(list.dossierTotal == total.late + total.inProcessLate, "\(query)")
            #expect(list.dossiers.count == list.dossierTotal)
            #expect(list.complaintTotal == total.complaintsInProcess - total.complaintsInProcessWithinLimit)
            for late in list.dossiers {
                #expect(late.summary.timeliness == .late)
                if let agency = query.agency, !query.foldSuccessors { #expect(late.summary.agency == agency) }
            }
            #expect(list.dossiers.map(\.daysLate) == list.dossiers.map(\.daysLate).sorted(by: >))
            if list.dossierTotal > 1 {
                let cut = projection.lateList(query, limit: 1)
                #expect(cut.dossiers == Array(list.dossiers.prefix(1)) && cut.dossierTotal == list.dossierTotal)
            }
            if list.dossierTotal + list.complaintTotal > 0 { nonEmpty += 1 }
        }
        #expect(nonEmpty >= 10)
    }

    /// Days late count the working days after the due's day up to the effective end's day.
    @Test("days late are working days after the due, supplement pauses taken off")
    func daysLate() throws {
        // P5: 5 working days. Received Fri 24/1/2025 10:00 → due Fri 7/2 17:00 (Tết 27–31/1 off).
        func processed(_ dossier: String, at: String) -> EventEnvelope {
            S.event("DossierProcessed", at, #""dossier":"\#(dossier)","outcome":"approved","electronicResult":true"#)
        }
        let events = [
            S.agency("A1"), S.procedure("P5", days: 5),
            S.received("L1", procedure: "P5"), processed("L1", at: "2025-02-11T09:00:00+07:00"),
            S.received("L2", procedure: "P5"),
            S.step("SupplementRequested", "L2", at: "2025-02-03T09:00:00+07:00"),
            S.step("SupplementProvided", "L2", at: "2025-02-05T09:00:00+07:00"),
            processed("L2", at: "2025-02-11T09:00:00+07:00"),
            S.received("L3", procedure: "P5"),
        ]
        let projection = Self.projection(events)
        let t = try Timestamp(parsing: "2025-02-14T12:00:00+07:00").instant
        let list = projection.lateList(try Self.query("2025-Q1", asOf: t), limit: 10)
        let days = Dictionary(uniqueKeysWithValues: list.dossiers.map { ($0.summary.dossier.rawValue, $0.daysLate) })
        // L1 ended Tue 11/2: Mon 10/2 and Tue 11/2 → 2. L2 paused 48 hours → effective end Sun 9/2 09:00 → 0
        // (late, but no working day after the due's). L3 open at Fri 14/2: 10, 11, 12, 13, 14/2 → 5.
        #expect(days == ["L1": 2, "L2": 0, "L3": 5])
        #expect(list.dossiers.first?.summary.dossier.rawValue == "L3")
    }

    @Test("sums kept up to date event by event equal sums computed afresh")
    func keptSums() throws {
        let queries =
            try ["2025-Q1", "2025-Q2", "2025-H1", "2025"].flatMap { label in
                try ([nil] + KPIQuery.Grouping.allCases).map { try Self.query(label, by: $0) }
            } + [
                KPIQuery(period: try ReportPeriod(parsing: "2025"), grouping: .agency, foldSuccessors: true),
                KPIQuery(period: try ReportPeriod(parsing: "2025-H1"), agency: Code("A2")),
                KPIQuery(
                    period: try ReportPeriod(parsing: "2025-Q2"),
                    asOf: try Timestamp(parsing: "2025-04-08T12:00:00+07:00").instant, grouping: .level),
            ]
        var projection = KPIProjection(calendar: .builtIn)
        var kept = queries.map { _ in ReportSums() }
        for (index, event) in Self.everyFact.enumerated() {
            let catalogue = event.stream.kind == .agency || event.stream.kind == .procedure
            let affected = queries.indices.filter { queries[$0].evaluatedAt >= event.occurredAt.instant }
            for member in catalogue ? [] : projection.members(of: event) {
                for q in affected { projection.add(member, of: queries[q], to: &kept[q], times: -1) }
            }
            projection.apply(event, position: Int64(index + 1))
            if catalogue {
                kept = queries.map { projection.sums($0) }
            } else {
                for member in projection.members(of: event) {
                    for q in affected { projection.add(member, of: queries[q], to: &kept[q]) }
                }
            }
            for (q, query) in queries.enumerated() {
                #expect(
                    projection.report(query, sums: kept[q]) == projection.report(query),
                    "after event \(index + 1) (\(event.type)), \(query.period.label) \(String(describing: query.grouping))"
                )
            }
        }
    }

    @Test(
        "a restored checkpoint gives the same reports and re-encodes to the same bytes",
        arguments: [history, everyFact])
    func checkpointRoundTrip(events: [EventEnvelope]) throws {
        let projection = Self.projection(events)
        let checkpoint = projection.checkpoint()
        let restored = try #require(try KPIProjection(checkpoint: checkpoint, calendar: .builtIn))
        #expect(restored.position == projection.position)
        #expect(restored.checkpoint() == checkpoint)
        for label in ["2025-Q1", "2025-Q2", "2025-H1", "2025-01", "2025"] {
            for grouping in [nil] + KPIQuery.Grouping.allCases {
                let query = try Self.query(label, by: grouping)
                #expect(restored.report(query) == projection.report(query), "\(label) \(String(describing: grouping))")
            }
        }
        // And the restored projection folds further events like the original.
        var a = projection
        var b = restored
        let next = S.step("SupplementProvided", "D3", at: "2025-04-02T08:00:00+07:00")
        a.apply(next, position: a.position + 1)
        b.apply(next, position: b.position + 1)
        #expect(a.report(try Self.query("2025-Q2")) == b.report(try Self.query("2025-Q2")))
    }

    @Test("a checkpoint of another version, another calendar or damaged bytes is not used")
    func staleCheckpoints() throws {
        let checkpoint = Self.projection(Self.history).checkpoint()
        let otherVersion = ProjectionCheckpoint(
            name: checkpoint.name, version: KPIProjection.version + 1, position: checkpoint.position,
            state: checkpoint.state)
        #expect(try KPIProjection(checkpoint: otherVersion, calendar: .builtIn) == nil)
        let notice = try WorkingCalendar.notices(
            fromJSON: Array(
                #"{"notices":[{"year":2027,"reference":"TB test","daysOff":[],"saturdaysWorked":[]}]}"#.utf8))
        #expect(try KPIProjection(checkpoint: checkpoint, calendar: WorkingCalendar.builtIn.adding(notice)) == nil)
        let damaged = ProjectionCheckpoint(
            name: checkpoint.name, version: checkpoint.version, position: checkpoint.position,
            state: Array(checkpoint.state.dropLast(3)))
        #expect(throws: (any Error).self) { _ = try KPIProjection(checkpoint: damaged, calendar: .builtIn) }
    }

    /// A checkpoint is read column by column: each kind of damage to a row's bytes is refused with an error
    /// (the projector then rebuilds from the log), never a crash or a projection with a meaningless row.
    @Test("a checkpoint whose rows name unknown codes, vocabularies or instants is refused")
    func damagedCheckpointRows() throws {
        let projection = Self.projection(Self.everyFact)
        var mangled: [(String, (inout KPIProjection.Snapshot) -> Void)] = [
            ("an uninterned procedure", { $0.dossiers.rows[0].procedure = UInt32($0.codes.codes.count) }),
            ("an uninterned agency", { $0.complaints.rows[0].agency = 9999 }),
            ("an unknown channel", { $0.dossiers.rows[0].channel = 3 }),
            ("an unknown end", { $0.dossiers.rows[0].end = 7 }),
            ("an end without an instant", { $0.dossiers.rows[0].endedAt = .noInstant }),
            ("an unknown return channel", { $0.dossiers.rows[0].returnChannel = 4 }),
            ("an instant outside the domain", { $0.dossiers.rows[0].due = .max }),
            ("a missing receipt", { $0.complaints.rows[0].receivedAt = .noInstant }),
            ("an unknown rating", { $0.dossiers.rows[$0.dossiers.index(of: Code("E1")!)!].rating = 3 }),
            (
                "a rating without an instant",
                { $0.dossiers.rows[$0.dossiers.index(of: Code("E1")!)!].ratedAt = .noInstant }
            ),
            ("an instant without a rating", { $0.dossiers.rows[$0.dossiers.index(of: Code("E4")!)!].rating = 0 }),
            (
                "a rating of a dossier not processed",
                { snapshot in
                    let e3 = snapshot.dossiers.index(of: Code("E3")!)!
                    snapshot.dossiers.rows[e3].rating = 2
                    snapshot.dossiers.rows[e3].ratedAt = snapshot.dossiers.rows[e3].endedAt
                }
            ),
        ]
        mangled.append(
            (
                "a code twice",
                { snapshot in
                    let codes = snapshot.dossiers.codes
                    snapshot.dossiers.codes = Self.column(
                        (0..<codes.count).map { codes[$0 == codes.count - 1 ? 0 : $0].rawValue })
                }
            ))
        for (damage, change) in mangled {
            var snapshot = try SnapshotCodec.decode(projection.checkpoint().state)
            change(&snapshot)
            #expect(throws: BinaryCodingError.self, "\(damage)") {
                _ = try SnapshotCodec.decode(SnapshotCodec.encode(snapshot))
            }
        }
    }

    static func column(_ codes: [String]) -> CodeColumn {
        var column = CodeColumn()
        for code in codes { column.append(Code(code)!) }
        return column
    }

    @Test("a code column finds each code at its row, survives growth, and reloads from its bytes")
    func codeColumn() throws {
        let codes = (0..<5000).map { "000.00.01.H26-\($0 * 7919 % 100_003)" }
        let column = Self.column(codes)
        #expect(column.count == codes.count)
        for (row, code) in codes.enumerated() {
            #expect(column.row(of: Code(code)!) == row)
            #expect(column[row].rawValue == code)
        }
        #expect(column.row(of: Code("000.00.01.H26-100004")!) == nil)
        #expect(CodeColumn().row(of: Code("X")!) == nil)
        let reloaded = try #require(CodeColumn(bytes: column.bytes, ends: column.ends))
        #expect(codes.indices.allSatisfy { reloaded.row(of: Code(codes[$0])!) == $0 })
        #expect(CodeColumn(bytes: Array("ABC".utf8), ends: [1, 1, 3]) == nil, "an empty code")
        #expect(CodeColumn(bytes: Array("A B".utf8), ends: [3]) == nil, "a character outside the alphabet")
        #expect(CodeColumn(bytes: Array("ABC".utf8), ends: [2]) == nil, "bytes after the last code")
        #expect(CodeColumn(bytes: Array("ABC".utf8), ends: [2, 4]) == nil, "an end past the bytes")
    }

    /// A loaded checkpoint builds its day indexes in bulk; they must answer as the ones built member by member.
    @Test("a day index built in bulk answers as one built member by member", arguments: [400, 500_000])
    func dayIndexInBulk(endSpreadDays: Int) {
        var random = SystemRandomNumberGenerator()
        let day: Int64 = 86_400 * 1_000_000_000
        let base = Instant(vietnam: LocalDate(dayNumber: 20_000)).nanoseconds
        // Receipts mostly in day order with some late ones; ends up to `endSpreadDays` after.
        let received = (0..<3000).map {
            base + Int64($0 / 20) * day / 2 - Int64.random(in: 0...(day * 3), using: &random)
        }
        let ended = received.map { at in
            Bool.random(using: &random) ? Int64.noInstant : at + Int64.random(in: 0...Int64(endSpreadDays)) * (day / 7)
        }
        var incremental = DayIndex()
        for member in received.indices { incremental.received(member, at: Instant(nanoseconds: received[member])) }
        for member in received.indices where ended[member] != .noInstant {
            incremental.ended(
                member, receivedAt: Instant(nanoseconds: received[member]), at: Instant(nanoseconds: ended[member]))
        }
        let bulk = DayIndex(count: received.count, receivedAt: { received[$0] }, endedAt: { ended[$0] })
        let firstDay = Instant(nanoseconds: received.min()!).vietnamDate.dayNumber
        for offset in stride(from: -2, through: 400, by: 3) {
            let t = Instant(nanoseconds: base + Int64(offset) * day + day / 3)
            let through = t.vietnamDate.dayNumber
            #expect(
                Set(bulk.possiblyOpen(at: t, receivedThrough: through))
                    == Set(incremental.possiblyOpen(at: t, receivedThrough: through)))
            for span in [0, 30, 1000, 10_000_000] {
                #expect(
                    bulk.ended(from: firstDay + offset, through: firstDay + offset + span).sorted()
                        == incremental.ended(from: firstDay + offset, through: firstDay + offset + span).sorted())
            }
        }
    }

    /// Checkpoints store these bytes: changing one would make stored checkpoints mean something else.
    @Test("every dossier end has its own pinned stored code, which reads back as that end")
    func dossierEndCodes() {
        let pinned: [(DossierEnd, UInt8)] = [
            (.processed(.approved, electronicResult: true), 1), (.processed(.approved, electronicResult: false), 2),
            (.processed(.denied, electronicResult: true), 3), (.processed(.denied, electronicResult: false), 4),
            (.withdrawn, 5), (.stopped, 6),
        ]
        #expect(pinned.count == DossierEnd.allCases.count)
        for (end, code) in pinned { #expect(end.storedCode == code) }
        for end in DossierEnd.allCases { #expect(DossierEnd(storedCode: end.storedCode) == end) }
        #expect(DossierEnd(storedCode: 0) == nil && DossierEnd(storedCode: 7) == nil)
    }

    @Test("the population identity holds: carriedOver + received = finished + inProcess")
    func identity() throws {
        let projection = Self.projection(Self.history)
        for label in ["2025-Q1", "2025-Q2", "2025-01", "2025-02", "2025-03", "2025-04", "2024-12"] {
            let total = projection.report(try Self.query(label)).total
            #expect(total.carriedOver + total.received == total.finished + total.inProcess, "\(label)")
            #expect(total.early + total.onTime + total.late == total.finished, "\(label)")
        }
        let q1 = projection.report(try Self.query("2025-Q1")).total
        #expect(q1.received == 4 && q1.finished == 2 && q1.inProcess == 2)
        let q2 = projection.report(try Self.query("2025-Q2")).total
        #expect(q2.carriedOver == 2 && q2.received == 1 && q2.inProcess == 3)
    }

    @Test("a period's report changes only with events dated inside it; --known-at reproduces the old one")
    func lateArrivals() async throws {
        let clock = try ManualClock("2025-03-20T10:00:00+07:00")
        let store = try SQLiteEventStore(.memory, clock: { clock.now })
        _ = try await store.append(AppendBatch(Array(Self.history.prefix(12))))
        let sent = try Timestamp(parsing: "2025-03-20T12:00:00+07:00").instant
        func q1(knownAt: Instant? = nil) async throws -> KPIReport {
            var projection = KPIProjection(calendar: .builtIn)
            try await Projector.fold(into: &projection, from: store, until: knownAt)
            return projection.report(try Self.query("2025-Q1"))
        }
        let original = try await q1()
        // Events of a later period do not change it.
        try clock.set("2025-04-02T10:00:00+07:00")
        _ = try await store.append(AppendBatch([S.received("D9", at: "2025-04-01T09:00:00+07:00")]))
        #expect(try await q1().total == original.total)
        #expect(try await q1().groups == original.groups)
        // A late arrival dated inside Q1 does.
        try clock.set("2025-04-03T10:00:00+07:00")
        _ = try await store.append(
            AppendBatch([
                S.event(
                    "DossierProcessed", "2025-03-14T16:00:00+07:00",
                    #""dossier":"D4","outcome":"approved","electronicResult":true"#)
            ]))
        let revised = try await q1()
        #expect(revised.total.finished == original.total.finished + 1)
        #expect(revised.total != original.total)
        // Known at the day the report was sent, the old figures come back.
        let reproduced = try await q1(knownAt: sent)
        #expect(reproduced.total == original.total)
        #expect(reproduced.groups == original.groups)
        #expect(reproduced.position == 12)
    }

    @Test("the projector resumes from its checkpoint and catches up to the head")
    func projectorResumes() async throws {
        let store = try SQLiteEventStore(.memory, clock: { S.now })
        _ = try await store.append(AppendBatch(Array(Self.history.prefix(8))))
        let (first, advanced) = try await Projector.load(store, calendar: .builtIn)
        #expect(advanced && first.position == 8)
        try await Projector.save(first, to: store)
        let saved = try #require(try await store.checkpoint(named: KPIProjection.checkpointName))
        #expect(saved.position == 8 && saved.version == KPIProjection.version)
        _ = try await store.append(AppendBatch(Array(Self.history.dropFirst(8))))
        let (resumed, moved) = try await Projector.load(store, calendar: .builtIn)
        #expect(moved && resumed.position == Int64(Self.history.count))
        let rebuilt = Self.projection(Self.history)
        for label in ["2025-Q1", "2025-Q2"] {
            #expect(resumed.report(try Self.query(label)) == rebuilt.report(try Self.query(label)))
        }
        try await Projector.save(resumed, to: store)
        let (again, movedAgain) = try await Projector.load(store, calendar: .builtIn)
        #expect(!movedAgain && again.position == resumed.position)
    }
}
