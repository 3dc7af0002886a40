import Foundation
import Hummingbird
import Logging
import MotCuaDomain

/// How many `POST /v1/events` run at once. Beyond `limit` a request is answered 503 `overloaded` before
/// its body is read, so that a flood of clients costs neither memory nor the writer's time.
///
/// `@unchecked Sendable`: `running` is only touched while holding `lock`.
final class AppendAdmission: @unchecked Sendable {
    private let limit: Int
    private let lock = NSLock()
    private var running = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` if fewer than `limit` appends are running; otherwise throws `Problem.overloaded`.
    func admit<T>(_ body: () async throws -> T) async throws -> T {
        let admitted = lock.withLock {
            guard running < limit else { return false }
            running += 1
            return true
        }
        guard admitted else {
            throw Problem.overloaded("\(limit) batches are being appended; nothing of this one was read or stored")
        }
        defer { lock.withLock { running -= 1 } }
        return try await body()
    }
}

/// Whether appends are failing at the store (a full or read-only disk, a database restarting), for
/// `/health`: set by the first failure, cleared by the next append that commits.
///
/// `@unchecked Sendable`: `failure` is only touched while holding `lock`.
final class WriteHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (since: Instant, reason: String)?

    /// The failure appends are in, if any: since when (the first of the run) and the last reason.
    var current: (since: Instant, reason: String)? { lock.withLock { failure } }

    func failed(_ reason: String, at now: Instant) {
        lock.withLock { failure = (failure?.since ?? now, reason) }
    }

    func succeeded() {
        lock.withLock { failure = nil }
    }
}

/// Requests per token: a token bucket of `burst` requests, refilled at `rate` a second. A token over it
/// gets 429 `rate-limited` with `Retry-After`. Anonymous requests are not counted here (they can only
/// read public KPIs).
struct RateLimit: RouterMiddleware {
    typealias Context = ServerContext
    let buckets: TokenBuckets

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        if let caller = context.caller, let wait = buckets.take(caller.tokenID) {
            let seconds = max(1, Int(wait.rounded(.up)))
            context.logger.notice("rate limited", metadata: ["token": "\(caller.tokenID)"])
            throw Problem.rateLimited(
                retryAfter: seconds,
                "this token sent more than \(buckets.burst) requests at once or \(buckets.rate) a second; "
                    + "retry after \(seconds) s")
        }
        return try await next(request, context)
    }
}

/// The buckets of `RateLimit`, by token id.
///
/// `@unchecked Sendable`: `levels` is only touched while holding `lock`.
final class TokenBuckets: @unchecked Sendable {
    let rate: Double
    let burst: Int
    private let lock = NSLock()
    private var levels: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = burst
    }

    /// The longest wait `take` names: a rate as low as the options allow must not make `Retry-After` (a whole
    /// number of seconds) overflow.
    static let longestWait = 86_400.0

    /// Takes one request from `token`'s bucket: `nil` when there was one, else the seconds until there is
    /// (at most `longestWait`).
    func take(_ token: String, now: ContinuousClock.Instant = .now) -> Double? {
        lock.withLock {
            var level = levels[token] ?? (Double(burst), now)
            let elapsed = now - level.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            level = (min(Double(burst), level.tokens + seconds * rate), now)
            defer { levels[token] = level }
            guard level.tokens >= 1 else { return min((1 - level.tokens) / rate, Self.longestWait) }
            level.tokens -= 1
            return nil
        }
    }
}
