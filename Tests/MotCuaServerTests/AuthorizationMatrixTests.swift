import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

/// Every route × every caller (no token, an unknown token, a revoked one, an expired one, each role, a
/// center in and out of scope): the status the route must answer, and for refused posts, that nothing was
/// stored.
@Suite struct AuthorizationMatrixTests {
    /// A caller: a token name of `ServerFixture`, an unknown token, or none.
    static let callers: [String?] = [
        nil, "bogus", "revoked", "expired", "admin", "auditor", "monitor", "centerA1", "centerA2",
    ]

    struct Route: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        let uri: String
        /// Expected status by caller (`none` for no token); a missing entry means 401... never: all listed.
        let expected: [String: Int]
        var testDescription: String { "\(method) \(uri)" }
    }

    /// Who may do what (issue: "the authorisation matrix").
    static func statuses(
        admin: Int, auditor: Int, monitor: Int, centerIn: Int, centerOut: Int, anonymous: Int = 401
    ) -> [String: Int] {
        [
            "none": anonymous, "bogus": 401, "revoked": 401, "expired": 401, "admin": admin, "auditor": auditor,
            "monitor": monitor,
            "centerA1": centerIn, "centerA2": centerOut,
        ]
    }

    static let routes: [Route] = [
        Route(
            method: .post, uri: "/v1/events",
            expected: statuses(admin: 201, auditor: 403, monitor: 403, centerIn: 201, centerOut: 403)),
        Route(
            method: .get, uri: "/v1/events",
            expected: statuses(admin: 200, auditor: 200, monitor: 403, centerIn: 403, centerOut: 403)),
        Route(
            method: .get, uri: "/v1/streams/dossier/D-1",
            expected: statuses(admin: 200, auditor: 200, monitor: 403, centerIn: 403, centerOut: 403)),
        Route(
            method: .get, uri: "/v1/verify",
            expected: statuses(admin: 200, auditor: 200, monitor: 403, centerIn: 403, centerOut: 403)),
        Route(
            method: .get, uri: "/v1/kpi?period=2025",
            expected: statuses(admin: 200, auditor: 200, monitor: 200, centerIn: 200, centerOut: 200)),
        Route(
            method: .get, uri: "/metrics",
            expected: statuses(admin: 200, auditor: 200, monitor: 200, centerIn: 200, centerOut: 200)),
        Route(
            method: .get, uri: "/v1/dossiers?agency=A1",
            expected: statuses(admin: 200, auditor: 200, monitor: 403, centerIn: 200, centerOut: 403)),
        Route(
            method: .get, uri: "/health",
            expected: statuses(admin: 200, auditor: 200, monitor: 200, centerIn: 200, centerOut: 200, anonymous: 200)),
        Route(
            method: .get, uri: "/openapi.yaml",
            expected: statuses(admin: 200, auditor: 200, monitor: 200, centerIn: 200, centerOut: 200, anonymous: 200)),
        Route(
            method: .get, uri: "/",
            expected: statuses(admin: 200, auditor: 200, monitor: 200, centerIn: 200, centerOut: 200, anonymous: 200)),
    ]

    @Test(arguments: routes)
    func everyCallerGetsTheStatusOfItsRole(route: Route) async throws {
        let fixture = try await ServerFixture.make()
        _ = try await fixture.store.append(AppendBatch([SampleEvents.received("D-1")]))
        try await fixture.test { client in
            for (index, caller) in Self.callers.enumerated() {
                let before = try await fixture.head()
                let body = route.method == .post ? body([SampleEvents.received("D-M\(index)")]) : nil
                let response = try await client.execute(
                    uri: route.uri, method: route.method, headers: fixture.headers(caller), body: body)
                let expected = route.expected[caller ?? "none"]
                #expect(Int(response.status.code) == expected, "\(caller ?? "no token")")
                if response.status.code >= 400 {
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(try await fixture.head() == before, "a refused request stored something")
                }
                if response.status == .unauthorized {
                    // RFC 6750 §3.1: an expired token is an `invalid_token`, with its own problem type.
                    let expired = caller == "expired"
                    #expect(
                        response.headers[.wwwAuthenticate]
                            == (expired
                                ? "Bearer realm=\"motcua\", error=\"invalid_token\", error_description=\"the token expired\""
                                : "Bearer realm=\"motcua\""))
                    let type = try object(response)["type"] as? String
                    #expect(type == "https://motcua.vn/problems/" + (expired ? "token-expired" : "unauthenticated"))
                }
            }
        }
    }

    @Test(arguments: ["/v1/kpi?period=2025", "/metrics"])
    func publicKPIsNeedNoToken(uri: String) async throws {
        let fixture = try await ServerFixture.make { $0.publicKPI = true }
        try await fixture.test { client in
            let anonymous = try await client.execute(uri: uri, method: .get, headers: fixture.headers(nil))
            #expect(anonymous.status == .ok)
            // A bad token is refused even where none is needed.
            let bogus = try await client.execute(uri: uri, method: .get, headers: fixture.headers("bogus"))
            #expect(bogus.status == .unauthorized)
        }
        let closed = try await ServerFixture.make()
        try await closed.test { client in
            let anonymous = try await client.execute(uri: uri, method: .get, headers: closed.headers(nil))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aRevokedTokenStopsWorkingOnceTheCacheExpires() async throws {
        let fixture = try await ServerFixture.make()
        let id = try await fixture.store.tokens().first { $0.role == .auditor }!.id
        #expect(try await fixture.store.revokeToken(id: id, at: Timestamp(utcMicroseconds: SampleEvents.now)))
        // A fresh server has nothing cached: the revocation holds at once.
        let server = try await ServerFixture.make(store: fixture.store, catalogue: false)
        try await server.test { client in
            let response = try await client.execute(
                uri: "/v1/verify", method: .get, headers: fixture.headers("auditor"))
            #expect(response.status == .unauthorized)
        }
    }
}
