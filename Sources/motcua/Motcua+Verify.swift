import ArgumentParser
import MotCuaDomain
import MotCuaStore

/// `motcua verify`: recomputes the hash chain of the stored log.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain; exit 1 naming the first position that does not match.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let log = try await store.open(calendar: .builtIn)
        switch try await ChainVerifier().verify(log) {
        case .intact(let head, let events):
            print("ok: \(events) events, head position \(head.position), hash \(HashChain.hexString(head.hash))")
        case .broken(let position, let reason):
            throw CommandFailure("position \(position): \(reason)")
        }
    }
}
