import Logging
import MotCuaDomain
import MotCuaStore
import ServiceLifecycle

/// Signs a checkpoint of the log's Merkle tree whenever the log has grown since the last one (at most
/// every `interval`), and once more at shutdown, so that every acknowledged event is soon under a
/// signature that an auditor can hold the log to.
struct CheckpointSigner: Service {
    let store: any EventStore
    let signer: SignedNote.Signer
    let interval: Duration
    let clock: @Sendable () -> Instant
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var signed = try? await store.latestSignedCheckpoint()?.size
            while !Task.isCancelled {
                signed = await sign(after: signed)
                try? await Task.sleep(for: interval)
            }
        }
        _ = await sign(after: try? await store.latestSignedCheckpoint()?.size)
    }

    /// Signs the head when the log has grown past `signed` (or none was signed); returns the size signed last.
    private func sign(after signed: Int64?) async -> Int64? {
        do {
            let head = try await store.head().position
            guard signed.map({ head > $0 }) ?? true else { return signed }
            let checkpoint = try await CheckpointSigning.sign(store, with: signer, at: clock())
            logger.info("signed checkpoint", metadata: ["size": "\(checkpoint.size)"])
            return checkpoint.size
        } catch {
            logger.warning("signing a checkpoint failed: \(error)")
            return signed
        }
    }
}
