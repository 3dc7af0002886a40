import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaPostgresTestSupport
import MotCuaSQLite
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaPostgres

/// Expired tokens are refused with their own problem, at once; a server records each token's last use,
/// at most once a minute, without failing a request when recording fails. On SQLite files and PostgreSQL.
@Suite struct TokenExpiryAndUseTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    static let second: Int64 = 1_000_000_000

    /// A fresh store of `backend` (a file for SQLite) at the contract's clock.
    static func store(_ backend: Backend) async throws -> (any EventStore, url: String?) {
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-tokens-\(UUID()).sqlite")
                .path
            return (try SQLiteEventStore(.file(path), clock: { SampleEvents.now }), nil)
        case .postgres:
            let url = try await PostgresTestServer.shared.freshDatabaseURL()
            return (try await PostgresEventStore.connect(url, clock: { SampleEvents.now }), url)
        }
    }

    @Test func anExpiredTokenGetsTokenExpiredSayingWhen() async throws {
        let fixture = try await ServerFixture.make()
        let expiry = try #require(try await fixture.store.tokens().first { $0.expiresAt != nil }?.expiresAt)
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("expired"),
                body: body([SampleEvents.received("D-X")]))
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try object(response)
            #expect(problem["type"] as? String == "https://motcua.vn/problems/token-expired")
            #expect(problem["status"] as? Int == 401)
            #expect(problem["title"] as? String == "Token expired")
            #expect(
                problem["detail"] as? String
                    == "the token expired at \(expiry.text); ask for a new one (motcua token create)")
        }
        #expect(try await fixture.head() == 3, "a refused post stored nothing")
    }

    @Test func aTokenStopsAtItsExpiryEvenWhenCached() async throws {
        let clock = TestClock(SampleEvents.now)
        let fixture = try await ServerFixture.make { $0.clock = { clock.now } }
        let (secret, token) = AccessToken.issue(
            role: .auditor, agencies: [], at: Timestamp(utcMicroseconds: SampleEvents.now),
            expiresAt: Timestamp(utcMicroseconds: SampleEvents.now.adding(nanoseconds: 90 * 86_400 * Self.second)))
        try await fixture.store.insert(token)
        let headers: HTTPFields = [.authorization: "Bearer \(secret)"]
        try await fixture.test { client in
            // Until its expiry it works (and its record is now cached).
            #expect(try await client.execute(uri: "/v1/verify", method: .get, headers: headers).status == .ok)
            clock.set(token.expiresAt!.instant.adding(nanoseconds: -1))
            #expect(try await client.execute(uri: "/v1/verify", method: .get, headers: headers).status == .ok)
            // At its expiry it stops, with no wait for the cache.
            clock.set(token.expiresAt!.instant)
            let refused = try await client.execute(uri: "/v1/verify", method: .get, headers: headers)
            #expect(refused.status == .unauthorized)
            #expect(try object(refused)["type"] as? String == "https://motcua.vn/problems/token-expired")
        }
    }

    @Test(arguments: Backend.allCases)
    func lastUseIsRecordedAtMostOnceAMinute(backend: Backend) async throws {
        let (store, _) = try await Self.store(backend)
        let clock = TestClock(SampleEvents.now)
        let fixture = try await ServerFixture.make(store: store) { $0.clock = { clock.now } }
        @Sendable func lastUse(_ name: String) async throws -> Timestamp? {
            let hash = AccessToken.hash(secret: fixture.secrets[name]!)
            return try await store.token(hash: hash)?.lastUsedAt
        }
        try await fixture.test { client in
            #expect(try await lastUse("auditor") == nil)
            #expect(
                try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("auditor")).status
                    == .ok)
            await fixture.server.settleTokenUses()
            let first = Timestamp(utcMicroseconds: SampleEvents.now)
            #expect(try await lastUse("auditor") == first)
            #expect(try await lastUse("monitor") == nil, "a token not used has no last use")
            // Within the minute, uses are not written again.
            clock.set(SampleEvents.now.adding(nanoseconds: 59 * Self.second))
            _ = try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("auditor"))
            await fixture.server.settleTokenUses()
            #expect(try await lastUse("auditor") == first)
            // A minute later, they are.
            let later = SampleEvents.now.adding(nanoseconds: 60 * Self.second)
            clock.set(later)
            _ = try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("auditor"))
            _ = try await client.execute(uri: "/v1/kpi?period=2025", method: .get, headers: fixture.headers("monitor"))
            await fixture.server.settleTokenUses()
            #expect(try await lastUse("auditor") == Timestamp(utcMicroseconds: later))
            #expect(try await lastUse("monitor") == Timestamp(utcMicroseconds: later))
            // Refused tokens are not recorded as used.
            _ = try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("expired"))
            _ = try await client.execute(uri: "/v1/verify", method: .get, headers: fixture.headers("revoked"))
            await fixture.server.settleTokenUses()
            #expect(try await lastUse("expired") == nil)
            #expect(try await lastUse("revoked") == nil)
        }
    }

    @Test func aFailingRecordFailsNoRequest() async throws {
        let (store, url) = try await Self.store(.postgres)
        // The database refuses every write of a last use; reads of tokens keep working.
        let connection = try await PGConnection.connect(try #require(url), label: "saboteur")
        try await connection.run { session in
            try session.executeScript(
                """
                CREATE FUNCTION refuse_use() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'no last uses today'; END; $$;
                CREATE TRIGGER refuse_use BEFORE INSERT OR UPDATE ON access_token_uses
                    FOR EACH ROW EXECUTE FUNCTION refuse_use();
                """)
        }
        let fixture = try await ServerFixture.make(store: store)
        try await fixture.test { client in
            for _ in 0..<3 {
                let response = try await client.execute(
                    uri: "/v1/verify", method: .get, headers: fixture.headers("auditor"))
                #expect(response.status == .ok)
                await fixture.server.settleTokenUses()
            }
        }
        #expect(try await store.tokens().allSatisfy { $0.lastUsedAt == nil })
    }
}

/// A server clock that a test moves.
///
/// `@unchecked Sendable`: `instant` is only touched while holding `lock`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Instant

    init(_ instant: Instant) { self.instant = instant }

    var now: Instant { lock.withLock { instant } }

    func set(_ instant: Instant) { lock.withLock { self.instant = instant } }
}
