public import MotCuaDomain
public import MotCuaStore

/// The bearer tokens, in the `access_tokens` table (Schema/postgres/004_access_tokens.sql), and when each
/// was last used, in `access_token_uses` (007_token_expiry_label_use.sql). Changes go through the writer
/// connection (whose role owns the table), lookups through the readers; every libpq call runs on its
/// connection's queue.
extension PostgresEventStore {
    public func insert(_ token: AccessToken) async throws {
        try token.checkInsertable()
        let parameters: [PGParameter] = [
            .text(token.id), .binary(token.hash), .text(token.role.rawValue), .text(token.storedAgencies),
            .text(token.createdAt.text), token.revokedAt.map { .text($0.text) } ?? .null,
            token.expiresAt.map { .text($0.text) } ?? .null, token.label.map { .text($0) } ?? .null,
        ]
        let inserted = try await writerConnection.run { session in
            // DO NOTHING on a taken id or hash: the refusal below names the token instead of a constraint.
            try session.execute(
                """
                INSERT INTO access_tokens (id, hash, role, agencies, created_at, revoked_at, expires_at, label)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                parameters
            ).rows == 1
        }
        guard inserted else {
            throw EventStoreError(.storage, "access token \(token.id): a token with this id or hash already exists")
        }
    }

    public func tokens() async throws -> [AccessToken] {
        let tokens = try await reader.run { session in
            let result = try session.execute(
                "SELECT \(PostgresEventStore.tokenColumns) FROM \(PostgresEventStore.tokenTables)")
            return try (0..<result.rows).map { try PostgresEventStore.token(result, $0) }
        }
        return AccessToken.inCreationOrder(tokens)
    }

    public func token(hash: [UInt8]) async throws -> AccessToken? {
        try await reader.run { session in
            let result = try session.execute(
                "SELECT \(PostgresEventStore.tokenColumns) FROM \(PostgresEventStore.tokenTables) WHERE hash = $1",
                [.binary(hash)])
            return result.rows == 1 ? try PostgresEventStore.token(result, 0) : nil
        }
    }

    public func revokeToken(id: String, at time: Timestamp) async throws -> Bool {
        try await writerConnection.run { session in
            try session.execute(
                "UPDATE access_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id",
                [.text(time.text), .text(id)]
            ).rows == 1
        }
    }

    public func recordTokenUses(_ uses: [String: Timestamp]) async throws {
        guard !uses.isEmpty else { return }
        // Once a minute per token at most: a short transaction between two group commits.
        try await writerConnection.run { session in
            try PostgresLogStorage.transaction(session) {
                for (id, time) in uses {
                    // Only ids of tokens (the SELECT finds no row for another), and only forward: the stored
                    // texts have one fixed width (`storedUse`), so their byte order (COLLATE "C") is time order.
                    try session.execute(
                        """
                        INSERT INTO access_token_uses (token_id, last_used_at)
                        SELECT id, $2 FROM access_tokens WHERE id = $1
                        ON CONFLICT (token_id) DO UPDATE SET last_used_at = excluded.last_used_at
                        WHERE excluded.last_used_at COLLATE "C" > access_token_uses.last_used_at
                        """,
                        [.text(id), .text(AccessToken.storedUse(time))])
                }
            }
        }
    }

    /// The columns `token(_:_:)` reads, in its order, and the tables they come from.
    private static let tokenColumns =
        "id, hash, role, agencies, created_at, revoked_at, expires_at, label, last_used_at"
    private static let tokenTables = "access_tokens LEFT JOIN access_token_uses ON token_id = id"

    private static func token(_ result: PGResult, _ row: Int) throws -> AccessToken {
        func optional(_ column: Int) -> String? { result.isNull(row, column) ? nil : result.text(row, column) }
        return try AccessToken(
            stored: result.text(row, 0), hash: result.bytes(row, 1), role: result.text(row, 2),
            agencies: result.text(row, 3), createdAt: result.text(row, 4), revokedAt: optional(5),
            expiresAt: optional(6), label: optional(7), lastUsedAt: optional(8))
    }
}
