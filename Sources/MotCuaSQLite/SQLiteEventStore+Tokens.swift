import Foundation
internal import GRDB
public import MotCuaDomain
public import MotCuaStore

/// The bearer tokens, in the `access_tokens` table (Schema/sqlite/003_access_tokens.sql).
extension SQLiteEventStore {
    public func insert(_ token: AccessToken) async throws {
        let inserted = try await writeTokens { db in
            // DO NOTHING on a taken id or hash: the refusal below names the token instead of a constraint.
            try db.execute(
                sql: """
                    INSERT INTO access_tokens (id, hash, role, agencies, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    token.id, Data(token.hash), token.role.rawValue, token.storedAgencies, token.createdAt.text,
                    token.revokedAt?.text,
                ])
            return db.changesCount == 1
        }
        guard inserted else {
            throw EventStoreError(.storage, "access token \(token.id): a token with this id or hash already exists")
        }
    }

    public func tokens() async throws -> [AccessToken] {
        let tokens = try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteEventStore.tokenColumns) FROM access_tokens")
                .map(SQLiteEventStore.token(_:))
        }
        return AccessToken.inCreationOrder(tokens)
    }

    public func token(hash: [UInt8]) async throws -> AccessToken? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(SQLiteEventStore.tokenColumns) FROM access_tokens WHERE hash = ?",
                arguments: [Data(hash)]
            ).map(SQLiteEventStore.token(_:))
        }
    }

    public func revokeToken(id: String, at time: Timestamp) async throws -> Bool {
        try await writeTokens { db in
            try db.execute(
                sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [time.text, id])
            return db.changesCount == 1
        }
    }

    /// The columns `token(_:)` reads, in its order.
    private static let tokenColumns = "id, hash, role, agencies, created_at, revoked_at"

    private static func token(_ row: Row) throws -> AccessToken {
        let hash: Data = row[1]
        return try AccessToken(
            stored: row[0], hash: Array(hash), role: row[2], agencies: row[3], createdAt: row[4], revokedAt: row[5])
    }

    /// Runs `body` in a write transaction (serialised with the log's group commits by GRDB).
    private func writeTokens<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.write(body)
        } catch {
            throw SQLiteEventStore.storeError(error)
        }
    }
}
