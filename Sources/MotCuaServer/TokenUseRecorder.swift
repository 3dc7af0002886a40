import Foundation
import Logging
import MotCuaDomain
import MotCuaStore

/// Records when each token was last used, without a write per request: a use is noted in memory, at most
/// once per token per `interval` of the server clock, and noted uses are written in the background, all
/// of them in one store call, by at most one writing task at a time (uses noted while it writes wait for
/// the next). A request never waits for the store here, and a failed write is logged and dropped (the
/// next use after `interval` is noted again).
///
/// `@unchecked Sendable`: `noted`, `pending` and `writing` are only touched while holding `lock`.
final class TokenUseRecorder: @unchecked Sendable {
    private let store: any TokenStore
    private let interval: Int64
    private let lock = NSLock()
    /// The last use noted per token id (written or to be written).
    private var noted: [String: Instant] = [:]
    /// Uses noted and not yet handed to the store.
    private var pending: [String: Timestamp] = [:]
    /// The task writing uses, while one runs.
    private var writing: Task<Void, Never>?

    /// - Parameter interval: the least time between two uses of one token that are written.
    init(store: any TokenStore, interval: Duration = .seconds(60)) {
        self.store = store
        let (seconds, attoseconds) = interval.components
        self.interval = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Notes that the token `id` was accepted at `instant`; starts a background write when there is
    /// something new to write and no write runs. Returns at once.
    func used(_ id: String, at instant: Instant, logger: Logger) {
        lock.withLock {
            // A clock set back counts as due: the store keeps the later of two uses anyway.
            if let last = noted[id], instant >= last, instant.nanoseconds - last.nanoseconds < interval { return }
            if noted.count > 100_000 { noted.removeAll() }
            noted[id] = instant
            pending[id] = Timestamp(utcMicroseconds: instant)
            guard writing == nil else { return }
            writing = Task.detached(priority: .background) { [self] in await write(logger: logger) }
        }
    }

    /// Waits until the uses noted so far are written (or their write failed).
    func settle() async {
        while let task = lock.withLock({ writing }) { await task.value }
    }

    /// Writes pending uses until none are left, then marks the writing task done.
    private func write(logger: Logger) async {
        while true {
            let uses: [String: Timestamp] = lock.withLock {
                let uses = pending
                pending = [:]
                if uses.isEmpty { writing = nil }
                return uses
            }
            if uses.isEmpty { return }
            do {
                try await store.recordTokenUses(uses)
            } catch {
                logger.warning(
                    "recording token uses failed; they are dropped",
                    metadata: ["tokens": "\(uses.count)", "error": "\(error)"])
            }
        }
    }
}
