import Foundation
import Hummingbird
import Logging
import MotCuaDomain
import MotCuaStore

/// Reads `Authorization: Bearer <token>`, looks the token's hash up and sets `context.caller`.
///
/// A request without the header goes on anonymous (each route decides whether that is enough); a
/// header that is not a bearer token, or a token that is unknown or revoked, is refused with 401
/// `unauthenticated` on every route, and an expired one with 401 `token-expired`. Refusals are logged
/// with the token's public id or "unknown", never the secret. An accepted token's use is noted for
/// `token list` (written in the background, at most once a minute per token).
struct Authentication: RouterMiddleware {
    typealias Context = ServerContext
    let tokens: TokenCache
    let uses: TokenUseRecorder
    /// The server clock, against which expiry is checked on every request (cached records included).
    let clock: @Sendable () -> Instant

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            context.logger.notice("unauthenticated: Authorization is not a bearer token")
            throw Problem.unauthenticated("the Authorization header must be \"Bearer <token>\"")
        }
        let hash = AccessToken.hash(secret: String(parts[1]).trimmingCharacters(in: .whitespaces))
        guard let token = try await tokens.token(hash: hash) else {
            context.logger.notice("unauthenticated: unknown token")
            throw Problem.unauthenticated("the token is not known to this server")
        }
        guard token.revokedAt == nil else {
            context.logger.notice("unauthenticated: revoked token", metadata: ["token": "\(token.id)"])
            throw Problem.unauthenticated("the token was revoked")
        }
        let now = clock()
        if let expiresAt = token.expiresAt, token.isExpired(at: now) {
            context.logger.notice("unauthenticated: expired token", metadata: ["token": "\(token.id)"])
            throw Problem.tokenExpired(at: expiresAt)
        }
        uses.used(token.id, at: now, logger: context.logger)
        var context = context
        context.caller = Caller(tokenID: token.id, role: token.role, agencies: Set(token.agencies))
        return try await next(request, context)
    }
}

/// Token records by hash, kept for a few seconds so that a busy center does not cost a store read per
/// request. A revocation takes effect within `lifetime`; an unknown token is never cached. Expiry needs no
/// store read: `Authentication` checks a cached record's `expiresAt` against the clock on every request.
///
/// `@unchecked Sendable`: `entries` is only touched while holding `lock`.
final class TokenCache: @unchecked Sendable {
    private let store: any TokenStore
    private let lifetime: Duration
    private let lock = NSLock()
    private var entries: [[UInt8]: (AccessToken, ContinuousClock.Instant)] = [:]

    init(store: any TokenStore, lifetime: Duration = .seconds(5)) {
        self.store = store
        self.lifetime = lifetime
    }

    func token(hash: [UInt8]) async throws -> AccessToken? {
        let now = ContinuousClock.now
        if let (token, fetched) = lock.withLock({ entries[hash] }), now - fetched < lifetime { return token }
        let token = try await store.token(hash: hash)
        lock.withLock {
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = token.map { ($0, now) }
        }
        return token
    }
}
