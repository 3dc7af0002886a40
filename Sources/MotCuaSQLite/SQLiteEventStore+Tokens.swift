import Foundation
internal import GRDB
public import MotCuaDomain
public import MotCuaStore

/// The bearer tokens, in the `access_tokens` table (Schema/sqlite/003_access_tokens.sql), and when each
/// was last used, in `access_token_uses` (007_token_expiry_label_use.sql).
extension SQLiteEventStore {
    public func insert(_ token: AccessToken) async throws {
        try token.checkInsertable()
        let inserted = try await writeTokens { db in
            // DO NOTHING on a taken id or hash: the refusal below names the token instead of a constraint.
            try db.execute(
                sql: """
                    INSERT INTO access_tokens (id, hash, role, agencies, created_at, revoked_at, expires_at, label)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    token.id, Data(token.hash), token.role.rawValue, token.storedAgencies, token.createdAt.text,
                    token.revokedAt?.text, token.expiresAt?.text, token.label,
                ])
            return db.changesCount == 1
        }
        guard inserted else {
            throw EventStoreError(.storage, "access token \(token.id): a token with this id or hash already exists")
        }
    }

    public func tokens() async throws -> [AccessToken] {
        let tokens = try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteEventStore.tokenColumns) FROM \(SQLiteEventStore.tokenTables)")
                .map(SQLiteEventStore.token(_:))
        }
        return AccessToken.inCreationOrder(tokens)
    }

    public func token(hash: [UInt8]) async throws -> AccessToken? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(SQLiteEventStore.tokenColumns) FROM \(SQLiteEventStore.tokenTables) WHERE hash = ?",
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

    public func recordTokenUses(_ uses: [String: Timestamp]) async throws {
        guard !uses.isEmpty else { return }
        try await writeTokens { db in
            // Only ids of tokens (the SELECT finds no row for another), and only forward: the stored texts
            // have one fixed width (`storedUse`), so text order is time order.
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO access_token_uses (token_id, last_used_at)
                    SELECT id, ? FROM access_tokens WHERE id = ?
                    ON CONFLICT (token_id) DO UPDATE SET last_used_at = excluded.last_used_at
                    WHERE excluded.last_used_at > access_token_uses.last_used_at
                    """)
            for (id, time) in uses { try statement.execute(arguments: [AccessToken.storedUse(time), id]) }
        }
    }

    /// The columns `token(_:)` reads, in its order, and the tables they come from.
    private static let tokenColumns =
        "id, hash, role, agencies, created_at, revoked_at, expires_at, label, last_used_at"
    private static let tokenTables = "access_tokens LEFT JOIN access_token_uses ON token_id = id"

    private static func token(_ row: Row) throws -> AccessToken {
        let hash: Data = row[1]
        return try AccessToken(
            stored: row[0], hash: Array(hash), role: row[2], agencies: row[3], createdAt: row[4], revokedAt: row[5],
            expiresAt: row[6], label: row[7], lastUsedAt: row[8])
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
