public import MotCuaDomain
public import MotCuaStore

/// The bearer tokens, in the `access_tokens` table (Schema/postgres/004_access_tokens.sql). Changes go
/// through the writer connection (whose role owns the table), lookups through the readers; every libpq
/// call runs on its connection's queue.
extension PostgresEventStore {
    public func insert(_ token: AccessToken) async throws {
        let parameters: [PGParameter] = [
            .text(token.id), .binary(token.hash), .text(token.role.rawValue), .text(token.storedAgencies),
            .text(token.createdAt.text), token.revokedAt.map { .text($0.text) } ?? .null,
        ]
        let inserted = try await writerConnection.run { session in
            // DO NOTHING on a taken id or hash: the refusal below names the token instead of a constraint.
            try session.execute(
                """
                INSERT INTO access_tokens (id, hash, role, agencies, created_at, revoked_at)
                VALUES ($1, $2, $3, $4, $5, $6)
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
            let result = try session.execute("SELECT \(PostgresEventStore.tokenColumns) FROM access_tokens")
            return try (0..<result.rows).map { try PostgresEventStore.token(result, $0) }
        }
        return AccessToken.inCreationOrder(tokens)
    }

    public func token(hash: [UInt8]) async throws -> AccessToken? {
        try await reader.run { session in
            let result = try session.execute(
                "SELECT \(PostgresEventStore.tokenColumns) FROM access_tokens WHERE hash = $1", [.binary(hash)])
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

    /// The columns `token(_:_:)` reads, in its order.
    private static let tokenColumns = "id, hash, role, agencies, created_at, revoked_at"

    private static func token(_ result: PGResult, _ row: Int) throws -> AccessToken {
        try AccessToken(
            stored: result.text(row, 0), hash: result.bytes(row, 1), role: result.text(row, 2),
            agencies: result.text(row, 3), createdAt: result.text(row, 4),
            revokedAt: result.isNull(row, 5) ? nil : result.text(row, 5))
    }
}
