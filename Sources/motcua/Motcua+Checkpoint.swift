import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaSQLite
import MotCuaStore

/// `motcua key create`: a new Ed25519 note key for signing checkpoints.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create the key that signs the log's checkpoints.",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Write a new private key file (mode 0600) and print its verifier key.",
            discussion: """
                The key file holds PRIVATE+KEY+NAME+ID+KEY (the signed-note signer format); keep it off the \
                database and out of backups others read. The verifier key printed (NAME+ID+KEY) is what \
                auditors use: `motcua verify --key`, docs/verify-proof.py --key. NAME is the log's origin, \
                the first line of every checkpoint, e.g. hanoi.gov.vn/motcua.
                """)

        @Option(help: "The log's origin: the key's name and the first line of its checkpoints.")
        var name: String

        @Option(help: "Where to write the private key (refused if it exists).")
        var output: String

        func run() async throws {
            let (signer, verifier) = try SignedNote.generateKey(name: name)
            let bytes = Array((signer + "\n").utf8)
            // Created with mode 0600 and O_EXCL: never readable by others, never over another key.
            let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard descriptor >= 0 else {
                throw CommandFailure("\(output): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count,
                fsync(descriptor) == 0
            else { throw CommandFailure("\(output): \(String(cString: strerror(errno)))") }
            print(verifier)
        }
    }
}

/// `motcua checkpoint`: signs the log's current tree head.
struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign the log's current size and Merkle root, record the checkpoint and print it.",
        discussion: """
            The checkpoint is a C2SP signed note (origin, tree size, base64 root, then the Ed25519 signature \
            line); it is kept in the store's append-only signed_checkpoints table and served at \
            GET /v1/checkpoint. See docs/hash-chain.md.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The private key file from `motcua key create`.")
    var key: String

    func run() async throws {
        let signer = try SignedNote.Signer(try String(contentsOfFile: key, encoding: .utf8))
        let log = try await store.open(calendar: .builtIn)
        let checkpoint = try await CheckpointSigning.sign(log, with: signer, at: SystemClock.now())
        print(checkpoint.note, terminator: "")
    }
}

/// `motcua proof inclusion|consistency`: the proofs an auditor checks against signed checkpoints.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof", abstract: "Print an RFC 9162 inclusion or consistency proof as JSON.",
        subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inclusion",
            abstract: "The audit path of the event at --position in the tree of --size events (default: the head).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The event's position (from 1).") var position: Int64
        @Option(help: "The tree size (default: the log's head).") var size: Int64?

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            let head = try await log.head().position
            let size = self.size ?? head
            let hashes = try await log.inclusionProof(position: position, size: size)
            print(ProofJSON.inclusion(position: position, size: size, hashes: hashes))
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consistency",
            abstract: "The proof that the tree of --from events is a prefix of the tree of --to (default: the head).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The older tree size.") var from: Int64
        @Option(help: "The newer tree size (default: the log's head).") var to: Int64?

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            let head = try await log.head().position
            let to = self.to ?? head
            let hashes = try await log.consistencyProof(from: from, to: to)
            print(ProofJSON.consistency(from: from, to: to, hashes: hashes))
        }
    }
}
