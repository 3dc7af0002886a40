import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaProjections
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

/// The routes the dashboard reads (series, late list, catalogue) and the dashboard's own files.
@Suite struct DashboardRoutesTests {
    /// ReadRoutesTests' history (D-1 on time, D-2 and D-3 open past due, complaint C-1), plus D-4 processed
    /// late in March and rated satisfied, and D-5 processed on time in February and rated unsatisfied.
    static func fixture() async throws -> ServerFixture {
        let fixture = try await ServerFixture.make()
        let more = [
            SampleEvents.received("D-4", at: "2025-02-03T09:00:00+07:00"),
            SampleEvents.event(
                "DossierProcessed", "2025-03-03T09:00:00+07:00",
                #""dossier":"D-4","outcome":"approved","electronicResult":true"#),
            SampleEvents.event("DossierRated", "2025-03-04T09:00:00+07:00", #""dossier":"D-4","satisfied":true"#),
            SampleEvents.received("D-5", agency: "A2", at: "2025-02-03T09:00:00+07:00"),
            SampleEvents.event(
                "DossierProcessed", "2025-02-04T09:00:00+07:00",
                #""dossier":"D-5","outcome":"approved","electronicResult":true"#),
            SampleEvents.event("DossierRated", "2025-02-05T09:00:00+07:00", #""dossier":"D-5","satisfied":false"#),
        ]
        _ = try await fixture.store.append(AppendBatch(ReadRoutesTests.history() + more))
        return fixture
    }

    @Test func aSeriesIsTheMonthlyReportsOfKPI() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/kpi/series?from=2024-12&to=2025-03&by=agency&basis=calendar", method: .get,
                headers: fixture.headers("monitor"))
            #expect(response.status == .ok)
            let series = try object(response)
            #expect(series["from"] as? String == "2024-12" && series["to"] as? String == "2025-03")
            #expect(series["by"] as? String == "agency" && series["basis"] as? String == "calendar")
            let reports = try #require(series["reports"] as? [[String: Any]])
            #expect(reports.count == 4)
            // Each month is exactly what /v1/kpi answers for it.
            let text = String(buffer: response.body)
            for month in ["2024-12", "2025-01", "2025-02", "2025-03"] {
                let single = try await client.execute(
                    uri: "/v1/kpi?period=\(month)&by=agency&basis=calendar", method: .get,
                    headers: fixture.headers("monitor"))
                let report = String(buffer: single.body).trimmingCharacters(in: .newlines)
                #expect(text.contains(report), "\(month)")
            }
            let march = try #require(reports[3]["total"] as? [String: Any])
            let counts = try #require(march["counts"] as? [String: Int])
            #expect(counts["rated"] == 1 && counts["satisfied"] == 1)
            let february = try #require(reports[2]["total"] as? [String: Any])
            #expect((february["rates"] as? [String: Any])?["satisfactionRate"] as? Double == 0)
        }
    }

    @Test(arguments: [
        ("from=2025-01", "to"), ("from=2025-13&to=2025-12", "from"), ("from=2025-03&to=2025-02", "to"),
        ("from=2025-01&to=2028-01", "to"), ("from=2025-1&to=2025-02", "from"), ("from=1999-12&to=2000-01", "from"),
        ("from=2025-01&to=2025-02&by=district", "by"), ("from=2025-01&to=2025-02&basis=lunar", "basis"),
        ("from=٢٠٢٥-01&to=2025-02", "from"),
    ])
    func badSeriesParametersAreNamed(query: String, field: String) async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/kpi/series?" + query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!,
                method: .get, headers: fixture.headers("monitor"))
            #expect(response.status == .badRequest)
            #expect(try object(response)["field"] as? String == field)
        }
    }

    @Test func theLateListHoldsWhatTheReportCountsLate() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            func late(_ query: String) async throws -> (dossiers: [[String: Any]], total: Int, complaints: Int) {
                let response = try await client.execute(
                    uri: "/v1/kpi/late?" + query, method: .get, headers: fixture.headers("monitor"))
                #expect(response.status == .ok)
                let list = try object(response)
                let dossiers = try #require(list["dossiers"] as? [String: Any])
                let complaints = try #require(list["complaints"] as? [String: Any])
                return (
                    try #require(dossiers["items"] as? [[String: Any]]), try #require(dossiers["total"] as? Int),
                    try #require(complaints["total"] as? Int)
                )
            }
            // 2025-Q1: D-4 processed late (due 17/2: 10 working days from 3/2), D-2 and D-3 open past due.
            let q1 = try await late("period=2025-Q1")
            #expect(Set(q1.dossiers.compactMap { $0["dossier"] as? String }) == ["D-2", "D-3", "D-4"])
            #expect(q1.total == 3)
            let d4 = try #require(q1.dossiers.first { $0["dossier"] as? String == "D-4" })
            // Due Mon 17/2 17:00, processed Mon 3/3: 18–21/2, 24–28/2, 3/3 → 10 working days.
            #expect(d4["daysLate"] as? Int == 10 && d4["status"] as? String == "processed")
            #expect(d4["overdue"] as? Bool == false)
            let d2 = try #require(q1.dossiers.first { $0["dossier"] as? String == "D-2" })
            #expect(d2["overdue"] as? Bool == true && d2["status"] as? String == "open")
            // Most days late first.
            let days = q1.dossiers.compactMap { $0["daysLate"] as? Int }
            #expect(days == days.sorted(by: >))
            // One agency, as the report attributes it (D-3 was transferred to A2).
            let a2 = try await late("period=2025-Q1&agency=A2")
            #expect(a2.dossiers.compactMap { $0["dossier"] as? String } == ["D-3"])
            #expect(a2.dossiers.first?["agency"] as? String == "A2")
            // C-1 (received 3/2, 15 working days to answer: 24/2) is open past its limit at the end of Q1.
            #expect(q1.complaints == 1)
            #expect(try await late("period=2025-Q1&asOf=2025-02-20").complaints == 0)
            let cut = try await late("period=2025-Q1&limit=1")
            #expect(cut.dossiers.count == 1 && cut.total == 3)
            let bad = try await client.execute(
                uri: "/v1/kpi/late?period=2025-Q1&limit=0", method: .get, headers: fixture.headers("monitor"))
            #expect(bad.status == .badRequest)
            #expect(try object(bad)["field"] as? String == "limit")
        }
    }

    @Test func theCatalogueNamesAgenciesAndProcedures() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/catalogue", method: .get, headers: fixture.headers("monitor"))
            #expect(response.status == .ok)
            let catalogue = try object(response)
            let agencies = try #require(catalogue["agencies"] as? [[String: Any]])
            #expect(agencies.compactMap { $0["agency"] as? String } == ["A1", "A2"])
            #expect(agencies.allSatisfy { ($0["name"] as? String)?.isEmpty == false })
            let procedures = try #require(catalogue["procedures"] as? [[String: Any]])
            #expect(procedures.first?["procedure"] as? String == "P1")
            #expect(procedures.first?["timeLimitDays"] as? Int == 10)
            let anonymous = try await client.execute(uri: "/v1/catalogue", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func procedureGroupsKeyReportsByProcedure() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/kpi?period=2025-Q1&by=procedure&agency=A1", method: .get,
                headers: fixture.headers("monitor"))
            let report = try object(response)
            #expect(report["by"] as? String == "procedure")
            let groups = try #require(report["groups"] as? [[String: Any]])
            #expect(groups.compactMap { $0["procedure"] as? String } == ["P1"])
            #expect(((groups.first?["counts"] as? [String: Int])?["received"]) == 3)
        }
    }

    /// /v1/scores serves the report's own score cards, with the six tiles (100 points) and 18 names.
    @Test func scoresAreTheReportsScoreCards() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client in
            for query in ["period=2025-Q1&by=agency", "period=2025-03&basis=calendar&by=procedure", "period=2025"] {
                let scores = try object(
                    try await client.execute(
                        uri: "/v1/scores?" + query, method: .get, headers: fixture.headers("monitor")))
                let report = try object(
                    try await client.execute(uri: "/v1/kpi?" + query, method: .get, headers: fixture.headers("monitor"))
                )
                func cards(_ object: [String: Any]) throws -> [NSDictionary] {
                    let groups = try #require(object["groups"] as? [[String: Any]])
                    let total = try #require(object["total"] as? [String: Any])
                    return (groups + [total]).compactMap { $0["scores766"] as? NSDictionary }
                }
                let fromReport = try cards(report)
                #expect(fromReport.count == (report["groups"] as? [Any])!.count + 1)
                #expect(try cards(scores) == fromReport, "\(query)")
                let tiles = try #require(scores["tiles"] as? [[String: Any]])
                #expect(tiles.count == 6 && tiles.compactMap { $0["max"] as? Int }.reduce(0, +) == 100)
                #expect((scores["names"] as? [String: String])?.count == 18)
            }
            // Q1 by agency: A1 has D-1 on time, D-2 open late, D-4 late: 2.1 = 1/3 of 20 points.
            let scores = try object(
                try await client.execute(
                    uri: "/v1/scores?period=2025-Q1&by=agency", method: .get, headers: fixture.headers("monitor")))
            let a1 = try #require((scores["groups"] as? [[String: Any]])?.first { $0["agency"] as? String == "A1" })
            let card = try #require(a1["scores766"] as? [String: Any])
            let progress = try #require((card["indicators"] as? [String: [String: Any]])?["2.1"])
            #expect(progress["ratio"] as? Double == 1.0 / 3.0)
            #expect(progress["points"] as? Double == 20 * (1.0 / 3.0))
            #expect(card["label"] as? String == "reconstruction" && card["computableMax"] as? Int == 56)
        }
    }

    /// The dashboard is its resource files: the page, its script and style sheet, same-origin only.
    @Test func theDashboardIsServedFromItsFiles() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let page = try await client.execute(uri: "/?period=2025-Q2&agency=A1", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("lang=\"vi\""))
            for (file, type) in [("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")] {
                #expect(html.contains("/dashboard/\(file)"))
                let asset = try await client.execute(uri: "/dashboard/\(file)", method: .get)
                #expect(asset.status == .ok)
                #expect(asset.headers[.contentType]?.hasPrefix(type) == true)
                // Nothing names another host (the SVG namespace is a name, never fetched).
                let text = String(buffer: asset.body).replacingOccurrences(
                    of: "\"http://www.w3.org/2000/svg\"", with: "")
                #expect(!text.contains("://"), "\(file)")
            }
            #expect(
                String(buffer: try await client.execute(uri: "/dashboard/dashboard.js", method: .get).body)
                    .contains("/v1/kpi/series"))
            let missing = try await client.execute(uri: "/dashboard/secret.txt", method: .get)
            #expect(missing.status == .notFound)
            let traversal = try await client.execute(uri: "/dashboard/..%2FPackage.swift", method: .get)
            #expect(traversal.status == .notFound)
        }
    }
}
