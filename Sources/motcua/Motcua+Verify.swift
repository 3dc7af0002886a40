import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaStore

/// `motcua verify`: recomputes the hash chain and the Merkle tree of the stored log, and checks that the
/// log still extends a signed checkpoint.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain and Merkle tree; exit 1 naming the first position that does not match.",
        discussion: """
            With --checkpoint FILE (a signed checkpoint from `motcua checkpoint`, GET /v1/checkpoint or the \
            server) and --key VERIFIER (the verifier key text, or a file holding it): the note's signature must \
            verify, the log must still hold the events it covers (not truncated), their recomputed Merkle root \
            must be the signed one (not rewritten, even with the chain recomputed), and the stored tree must \
            prove that the log extends it (RFC 9162 consistency).
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "A signed checkpoint note the log must extend.")
    var checkpoint: String?

    @Option(help: "The verifier key of the checkpoint: its text (NAME+ID+KEY) or a file holding it.")
    var key: String?

    func validate() throws {
        guard (checkpoint == nil) == (key == nil) else {
            throw ValidationError("--checkpoint and --key go together")
        }
    }

    func run() async throws {
        var signed: (size: Int64, root: [UInt8])?
        if let checkpoint, let key {
            let verifier = try SignedNote.Verifier(try KeyText.read(key))
            let note = try String(contentsOfFile: checkpoint, encoding: .utf8)
            let parsed: (origin: String, size: Int64, root: [UInt8])
            do {
                parsed = try SignedNote.parseCheckpoint(try verifier.verify(note))
            } catch let failure as SignedNote.Failure {
                throw CommandFailure("\(checkpoint): \(failure)")
            }
            guard parsed.origin == verifier.name else {
                throw CommandFailure("\(checkpoint): the checkpoint's origin \(parsed.origin) is not \(verifier.name)")
            }
            signed = (parsed.size, parsed.root)
        }
        let log = try await store.open(calendar: .builtIn)
        switch try await ChainVerifier().verify(log, against: signed) {
        case .intact(let head, let events, let root):
            // Without a checkpoint, the line docs/verify-export.py prints for the same log.
            let extends = signed.map {
                ", tree root \(Data(root).base64EncodedString()), extends the signed checkpoint of \($0.size) events"
            }
            print(
                "ok: \(events) events, head position \(head.position), hash \(HashChain.hexString(head.hash))\(extends ?? "")"
            )
        case .broken(let position, let reason):
            throw CommandFailure("position \(position): \(reason)")
        }
    }
}

/// A key given on the command line: its text, or the path of a file holding it.
enum KeyText {
    static func read(_ argument: String) throws -> String {
        if FileManager.default.fileExists(atPath: argument) {
            return try String(contentsOfFile: argument, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return argument
    }
}
