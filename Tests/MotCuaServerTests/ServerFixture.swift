import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaSQLite
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

/// A server over a fresh in-memory SQLite store with the sample catalogue (agencies A1, A2, procedure
/// P1) and one token per role, at the contract's fixed clock (2026-01-01).
struct ServerFixture {
    let store: any EventStore
    let server: MotCuaServer
    /// Secrets by name: admin, auditor, monitor, centerA1, centerA2, revoked, expired (an admin token that
    /// expired an hour before the clock).
    let secrets: [String: String]

    static let names = ["admin", "auditor", "monitor", "centerA1", "centerA2", "revoked", "expired"]

    static func make(
        store: (any EventStore)? = nil, catalogue: Bool = true,
        _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> ServerFixture {
        let store = try store ?? SQLiteEventStore(.memory, clock: { SampleEvents.now })
        if catalogue { _ = try await store.append(AppendBatch(SampleEvents.catalogue)) }
        var secrets: [String: String] = [:]
        let at = Timestamp(utcMicroseconds: SampleEvents.now)
        for name in names {
            let (role, agencies): (AccessToken.Role, [Code]) =
                switch name {
                case "centerA1": (.center, [Code("A1")!])
                case "centerA2": (.center, [Code("A2")!])
                case "auditor": (.auditor, [])
                case "monitor": (.monitor, [])
                default: (.admin, [])
                }
            let hour: Int64 = 3_600_000_000_000
            let (secret, token) =
                name == "expired"
                ? AccessToken.issue(
                    role: role, agencies: agencies,
                    at: Timestamp(utcMicroseconds: SampleEvents.now.adding(nanoseconds: -2 * hour)),
                    expiresAt: Timestamp(utcMicroseconds: SampleEvents.now.adding(nanoseconds: -hour)))
                : AccessToken.issue(role: role, agencies: agencies, at: at)
            try await store.insert(token)
            if name == "revoked" { _ = try await store.revokeToken(id: token.id, at: at) }
            secrets[name] = secret
        }
        var configuration = ServerConfiguration(calendar: .builtIn, clock: { SampleEvents.now })
        configure(&configuration)
        let server = try await MotCuaServer(store: store, configuration: configuration)
        return ServerFixture(store: store, server: server, secrets: secrets)
    }

    /// Runs `body` against the router in process (HummingbirdTesting `.router`).
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let app = Application(router: server.router())
        return try await app.test(.router, body)
    }

    /// The Authorization header of the named token (none for `nil`).
    func headers(_ name: String?, contentType: String? = "application/json") -> HTTPFields {
        var fields = HTTPFields()
        if let name { fields[.authorization] = "Bearer \(secrets[name] ?? name)" }
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    /// The head position of the store.
    func head() async throws -> Int64 { try await store.head().position }
}

/// A JSON array of events, as a request body.
func body(_ events: [EventEnvelope]) -> ByteBuffer {
    ByteBuffer(
        string: "[" + events.map { String(decoding: $0.canonicalJSON, as: UTF8.self) }.joined(separator: ",") + "]")
}

/// NDJSON of events, as a request body.
func ndjson(_ events: [EventEnvelope], lineEnd: String = "\n") -> ByteBuffer {
    ByteBuffer(string: events.map { String(decoding: $0.canonicalJSON, as: UTF8.self) + lineEnd }.joined())
}

/// A response body parsed as a JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(String(buffer: response.body).utf8)
    guard let value = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw FixtureError("not a JSON object: \(String(buffer: response.body))")
    }
    return value
}

/// The `events` array of a POST answer.
func appended(_ response: TestResponse) throws -> [[String: Any]] {
    guard let events = try object(response)["events"] as? [[String: Any]] else {
        throw FixtureError("no events array: \(String(buffer: response.body))")
    }
    return events
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
