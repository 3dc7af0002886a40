import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

@Suite struct OperationRoutesTests {
    @Test func healthReportsTheHeadAndTheProjectionLag() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.status == .ok)
            let health = try object(response)
            #expect(health["status"] as? String == "ok")
            #expect(health["head"] as? Int == 3)
            #expect(health["projection"] as? Int == 3)
            #expect(health["lag"] as? Int == 0)
        }
    }

    @Test func metricsCountRequestsAppendsAndPublishRatesPerAgency() async throws {
        let fixture = try await ServerFixture.make {
            $0.clock = { Instant(vietnam: LocalDate(year: 2025, month: 2, day: 1)!) }
        }
        try await fixture.test { client in
            let posted = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"),
                body: body([
                    SampleEvents.received("D-1"),
                    SampleEvents.event(
                        "DossierProcessed", "2025-01-27T09:00:00+07:00",
                        #""dossier":"D-1","outcome":"approved","electronicResult":true"#),
                ]))
            #expect(posted.status == .created)
            let response = try await client.execute(uri: "/metrics", method: .get, headers: fixture.headers("monitor"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            let lines = Set(text.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"motcua_events_appended_total{type="DossierReceived"} 1"#))
            #expect(lines.contains(#"motcua_events_appended_total{type="DossierProcessed"} 1"#))
            #expect(lines.contains(#"motcua_http_requests_total{method="POST",route="/v1/events",status="201"} 1"#))
            #expect(lines.contains("motcua_append_duration_seconds_count 1"))
            // The catalogue was appended before the server observed commits: only the POST's commit counts.
            #expect(lines.contains("motcua_commit_events_sum 2.0"))
            #expect(lines.contains("motcua_commit_batches_count 1"))
            #expect(lines.contains("motcua_commit_duration_seconds_count 1"))
            #expect(lines.contains(#"motcua_append_batch_events_bucket{le="2.0"} 1"#))
            #expect(lines.contains("motcua_log_head_position 5.0"))
            #expect(lines.contains("motcua_projection_lag_events 0.0"))
            // 1/2/2025 lies in 2025-Q1 (15/12/2024–14/3/2025); D-1 was processed early.
            #expect(lines.contains(#"motcua_kpi_rate{period="2025-Q1",agency="A1",rate="onTimeRate"} 1.0"#))
            #expect(!text.contains("mct_"), "a token leaked into the metrics")
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheRoutes() async throws {
        let fixture = try await ServerFixture.make()
        let routes = Set(
            fixture.server.router().routes.map { route in
                "\(route.method.rawValue.lowercased()) "
                    + route.path.description.replacingOccurrences(
                        of: #":(\w+)"#, with: "{$1}", options: .regularExpression)
            })
        let document = try await fixture.test { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.headers[.contentType] == "application/yaml")
            return String(buffer: response.body)
        }
        // Paths are the two-space-indented keys under `paths:`; operations the four-space ones below them.
        var documented = Set<String>()
        var path: String?
        var inPaths = false
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(String(method)) {
                    documented.insert("\(method) \(path)")
                }
            }
        }
        #expect(!documented.isEmpty)
        #expect(documented == routes)
    }

    @Test func unknownRoutesAreProblemsThatLeakNothing() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let response = try await client.execute(uri: "/v2/nothing", method: .get, headers: fixture.headers("admin"))
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try object(response)["type"] as? String == "https://motcua.vn/problems/not-found")
        }
    }

    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            for (uri, method, allow) in [
                ("/v1/events", HTTPRequest.Method.delete, "GET, POST"), ("/v1/verify", .put, "GET"),
                ("/v1/streams/dossier/D-1", .post, "GET"), ("/v1/kpi?period=2025", .patch, "GET"),
            ] {
                let response = try await client.execute(uri: uri, method: method, headers: fixture.headers("admin"))
                #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try object(response)["type"] as? String == "https://motcua.vn/problems/method-not-allowed")
            }
            let missing = try await client.execute(uri: "/v1/streams/dossier", method: .delete)
            #expect(missing.status == .notFound)
        }
    }
}
