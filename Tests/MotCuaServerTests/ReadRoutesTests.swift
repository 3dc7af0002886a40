import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaProjections
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

@Suite struct ReadRoutesTests {
    /// D-1 processed on time, D-2 open past its due (10 working days from 24/1/2025 skip Tết: 14/2; the clock
    /// is 1/1/2026),
    /// D-3 transferred to A2 and open, C-1 a complaint of A1.
    static func history() -> [EventEnvelope] {
        [
            SampleEvents.received("D-1"),
            SampleEvents.event(
                "DossierProcessed", "2025-01-27T09:00:00+07:00",
                #""dossier":"D-1","outcome":"approved","electronicResult":true"#),
            SampleEvents.received("D-2", at: "2025-01-24T11:00:00+07:00"),
            SampleEvents.received("D-3", at: "2025-01-24T12:00:00+07:00"),
            SampleEvents.event("DossierTransferred", "2025-01-25T09:00:00+07:00", #""dossier":"D-3","toAgency":"A2""#),
            SampleEvents.complaint("C-1", agency: "A1"),
        ]
    }

    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        _ = try await fixture.store.append(AppendBatch(history()))
        return fixture
    }

    @Test func aDossierStreamShowsItsEventsAndWhereItStands() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/streams/dossier/D-2", method: .get, headers: fixture.headers("auditor"))
            #expect(response.status == .ok)
            let stream = try object(response)
            #expect(stream["stream"] as? String == "dossier/D-2")
            #expect(stream["version"] as? Int == 1)
            let state = stream["state"] as? [String: Any] ?? [:]
            #expect(state["status"] as? String == "open")
            #expect(state["agency"] as? String == "A1")
            #expect(state["due"] as? String == "2025-02-14T17:00:00+07:00")
            #expect(state["overdue"] as? Bool == true)
            let events = stream["events"] as? [[String: Any]] ?? []
            #expect(events.map { $0["type"] as? String } == ["DossierReceived"])

            let transferred = try object(
                try await client.execute(
                    uri: "/v1/streams/dossier/D-3", method: .get, headers: fixture.headers("admin")))
            #expect((transferred["state"] as? [String: Any])?["agency"] as? String == "A2")
            let processed = try object(
                try await client.execute(
                    uri: "/v1/streams/dossier/D-1", method: .get, headers: fixture.headers("admin")))
            #expect((processed["state"] as? [String: Any])?["status"] as? String == "processed")
            #expect((processed["state"] as? [String: Any])?["overdue"] as? Bool == false)
            let complaint = try object(
                try await client.execute(
                    uri: "/v1/streams/complaint/C-1", method: .get, headers: fixture.headers("admin")))
            #expect((complaint["state"] as? [String: Any])?["status"] as? String == "open")
            let agency = try object(
                try await client.execute(
                    uri: "/v1/streams/agency/A1", method: .get, headers: fixture.headers("admin")))
            #expect(agency["state"] is NSNull)
        }
    }

    @Test func unknownAndMalformedStreamsAreProblems() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let missing = try await client.execute(
                uri: "/v1/streams/dossier/D-404", method: .get, headers: fixture.headers("auditor"))
            #expect(missing.status == .notFound)
            #expect(try object(missing)["type"] as? String == "https://motcua.vn/problems/stream-not-found")
            let kind = try await client.execute(
                uri: "/v1/streams/person/X", method: .get, headers: fixture.headers("auditor"))
            #expect(kind.status == .badRequest)
            #expect(try object(kind)["field"] as? String == "kind")
        }
    }

    @Test func verifyRecomputesTheChain() async throws {
        let fixture = try await Self.fixture()
        let head = try await fixture.store.head()
        try await fixture.test { client in
            let verdict = try object(
                try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("auditor")))
            #expect(verdict["intact"] as? Bool == true)
            #expect(verdict["events"] as? Int == 9)
            #expect((verdict["head"] as? [String: Any])?["hash"] as? String == HashChain.hexString(head.hash))
        }
    }

    @Test(arguments: [
        "period=2025", "period=2025-Q1&by=agency", "period=2025-01-01..2025-03-31&basis=calendar&by=level",
        "period=2025-Q1&agency=A2&asOf=2025-02-01", "period=2025-Q1&asOf=2025-02-01T12:00:00%2B07:00&by=field",
    ])
    func kpiAnswersTheProjectionsReport(query: String) async throws {
        let fixture = try await Self.fixture()
        // What `motcua kpi --format json` prints for the same question: the projection's report.
        let (projection, _) = try await Projector.load(fixture.store, calendar: .builtIn)
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[parts[0]] = parts[1].replacingOccurrences(of: "%2B", with: "+")
        }
        var kpiQuery = KPIQuery(
            period: try ReportPeriod(
                parsing: parameters["period"]!, basis: parameters["basis"] == "calendar" ? .calendar : .report))
        kpiQuery.grouping = parameters["by"].flatMap(KPIQuery.Grouping.init)
        kpiQuery.agency = parameters["agency"].flatMap(Code.init)
        if let asOf = parameters["asOf"] {
            let timestamp = LocalDate(iso: asOf) == nil ? try Timestamp(parsing: asOf).instant : nil
            kpiQuery.asOf = LocalDate(iso: asOf).map(Instant.endOfVietnamDay) ?? timestamp
        }
        let expected = projection.report(kpiQuery).json
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/kpi?" + query, method: .get, headers: fixture.headers("monitor"))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == expected)
        }
    }

    @Test(arguments: [
        ("", "period"), ("period=2025-Q5", "period"), ("period=2025&by=colour", "by"),
        ("period=2025&basis=lunar", "basis"), ("period=2025&asOf=yesterday", "asOf"),
        ("period=2025&agency=A%20B", "agency"), ("period=2025&foldSuccessors=maybe", "foldSuccessors"),
    ])
    func kpiRefusesBadParametersNamingThem(query: String, field: String) async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/kpi?" + query, method: .get, headers: fixture.headers("monitor"))
            #expect(response.status == .badRequest)
            #expect(try object(response)["field"] as? String == field)
        }
    }

    /// Reports are kept between requests and dropped when an event dated by their T arrives: every report
    /// served equals one rebuilt from the log at that moment, for events dated inside, after and before
    /// the period, and for catalogue events.
    @Test func keptReportsEqualReportsRebuiltFromTheLog() async throws {
        let fixture = try await Self.fixture()
        let queries = [
            "period=2025-Q1&by=agency", "period=2025-Q2", "period=2025-H1&by=level",
            "period=2025-Q1&by=agency&foldSuccessors=true", "period=2025-Q1&by=field", "period=2025-Q1&agency=A2",
        ]
        let steps: [[EventEnvelope]] = [
            [],
            [SampleEvents.received("N-1", at: "2025-05-05T09:00:00+07:00")],  // in Q2 and H1, after Q1
            [SampleEvents.step("SupplementRequested", "D-2", at: "2025-03-03T09:00:00+07:00")],  // in Q1
            [SampleEvents.received("N-2", at: "2025-09-01T09:00:00+07:00")],  // after them all
            // Inside Q1: a receipt, its transfer and withdrawal, a complaint and its answer, each changing
            // the member's contribution (and group) in the reports kept.
            [SampleEvents.received("N-3", at: "2025-02-10T09:00:00+07:00")],
            [
                SampleEvents.event(
                    "DossierTransferred", "2025-02-11T09:00:00+07:00", #""dossier":"N-3","toAgency":"A2""#)
            ],
            [SampleEvents.complaint("K-2", agency: "A2", at: "2025-02-12T09:00:00+07:00")],
            [SampleEvents.event("ComplaintAnswered", "2025-02-13T09:00:00+07:00", #""complaint":"K-2""#)],
            [SampleEvents.step("DossierWithdrawn", "N-3", at: "2025-02-14T09:00:00+07:00")],
            // Recorded in December, effective in January: it changes Q1 by successors though dated after it.
            [
                SampleEvents.event(
                    "AgencySucceeded", "2025-12-01T08:00:00+07:00",
                    #""agency":"A1","successor":"A2","effective":"2025-01-01""#)
            ],
            [
                SampleEvents.event(
                    "DossierProcessed", "2025-02-20T09:00:00+07:00",
                    #""dossier":"D-3","outcome":"denied","electronicResult":false"#)
            ],
        ]
        try await fixture.test { client in
            var served: [String: String] = [:]
            for (index, events) in steps.enumerated() {
                if !events.isEmpty { _ = try await fixture.store.append(AppendBatch(events)) }
                var rebuilt = KPIProjection(calendar: .builtIn)
                try await Projector.catchUp(&rebuilt, from: fixture.store)
                for query in queries {
                    let response = try await client.execute(
                        uri: "/v1/kpi?" + query + "&format=json", method: .get, headers: fixture.headers("monitor"))
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    let pairs = query.split(separator: "&").map { $0.split(separator: "=").map(String.init) }
                    let kpiQuery = try KPIQuery { name in pairs.first { $0[0] == name }?[1] }
                    let expected = rebuilt.report(kpiQuery).json
                    #expect(body == expected, "step \(index), \(query)")
                    if index == 3 {
                        // N-2 is dated after every period: the reports stay as they were but for the position.
                        #expect(
                            body.replacing(/"position":\d+/, with: "")
                                == served[query]?.replacing(/"position":\d+/, with: ""))
                    }
                    served[query] = body
                }
            }
        }
    }

    @Test func overdueDossiersAreListedPerAgencyAndScope() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            func codes(_ uri: String, _ token: String) async throws -> [String]? {
                let response = try await client.execute(uri: uri, method: .get, headers: fixture.headers(token))
                guard response.status == .ok else { return nil }
                return (try object(response)["dossiers"] as? [[String: Any]])?.compactMap { $0["dossier"] as? String }
            }
            #expect(try await codes("/v1/dossiers?status=overdue", "auditor") == ["D-2", "D-3"])
            #expect(try await codes("/v1/dossiers?agency=A2", "admin") == ["D-3"])
            // A center sees its own agencies' list, and no other.
            #expect(try await codes("/v1/dossiers", "centerA1") == ["D-2"])
            #expect(try await codes("/v1/dossiers?agency=A2", "centerA2") == ["D-3"])
            let other = try await client.execute(
                uri: "/v1/dossiers?agency=A2", method: .get, headers: fixture.headers("centerA1"))
            #expect(other.status == .forbidden)
            let status = try await client.execute(
                uri: "/v1/dossiers?status=late", method: .get, headers: fixture.headers("admin"))
            #expect(status.status == .badRequest)
        }
    }
}
