import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaPostgres
import MotCuaSQLite
import MotCuaStore

/// `motcua backup`: a consistent copy of the store, taken while a server appends (docs/operations.md).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take a consistent online copy of the store into a new file (never over an existing one).",
        discussion: """
            SQLite: FILE is a copy of the whole database (SQLite's online backup API, in one read transaction): \
            events, Merkle tree, signed checkpoints, tokens and projection checkpoints; restore by copying it \
            into place, or serve it. PostgreSQL: FILE is the recorded log as NDJSON (what `motcua export` \
            writes), read in one REPEATABLE READ snapshot, and FILE.checkpoint the latest signed checkpoint, if \
            any; restore with `motcua import FILE` into an empty store of either backend, which reproduces the \
            same chain. Tokens are not in a PostgreSQL backup. The copy holds every event acknowledged before the \
            backup began; it is verified before it gets its name, and the last line printed is its head.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .shortAndLong, help: "The new file (refused if it exists; on PostgreSQL also FILE.checkpoint).")
    var output: String

    func validate() throws {
        guard !output.isEmpty, output != "-" else { throw ValidationError("--output must name a new file") }
        if case .sqlite(.memory) = try store.backend() {
            throw ValidationError("an in-memory store (sqlite::memory:) has nothing to back up")
        }
    }

    func run() async throws {
        switch try store.backend() {
        case .sqlite(.file(let path)): try await backUpSQLite(path)
        case .sqlite(.memory): preconditionFailure("refused by validate()")
        case .postgres(let url): try await backUpPostgres(url)
        }
    }

    /// The online backup API into a new file, which is then opened as a store and verified.
    private func backUpSQLite(_ path: String) async throws {
        // Opening a missing file would create an empty store, and back that up.
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no store at \(path)")
        }
        let file = try NewFile(output)
        do {
            let log = try await store.open(calendar: .builtIn)
            guard let sqlite = log as? SQLiteEventStore else { preconditionFailure("sqlite: opened another store") }
            file.handOver()
            do {
                try await sqlite.backup(to: file.temporaryPath)
            } catch let error as EventStoreError {
                throw CommandFailure("cannot back up \(store.redacted): \(error)")
            }
            let summary = try await Self.verifiedCopy(file.temporaryPath)
            try file.commit()
            print(
                "\(output): a copy of the SQLite store (events, Merkle tree, signed checkpoints, tokens, projection "
                    + "checkpoints)")
            print(summary)
        } catch {
            file.discard()
            throw error
        }
    }

    /// The copy's `verify` line with its tree root, once its chain and tree check out.
    private static func verifiedCopy(_ path: String) async throws -> String {
        let copy: SQLiteEventStore
        do {
            copy = try SQLiteEventStore(.file(path))
        } catch let error as EventStoreError {
            throw CommandFailure("the copy does not open: \(error)")
        }
        switch try await ChainVerifier().verify(copy) {
        case .intact(let head, let events, let root):
            return summary(events: events, head: head, root: root)
        case .broken(let position, let reason):
            throw CommandFailure("the copy does not verify at position \(position): \(reason)")
        }
    }

    /// The recorded log of one snapshot as NDJSON, checked as it is written, and the latest signed
    /// checkpoint beside it.
    private func backUpPostgres(_ url: String) async throws {
        let checkpointPath = output + ".checkpoint"
        let events = try NewFile(output)
        var note: NewFile?
        var noteCommitted = false
        do {
            try NewFile.refuseExisting(checkpointPath)
            // Connects and migrates first: a schema newer than this binary is refused here.
            _ = try await store.open(calendar: .builtIn)
            let snapshot: PostgresSnapshot
            do {
                snapshot = try await PostgresSnapshot.begin(url)
            } catch let error as EventStoreError {
                throw CommandFailure("cannot back up \(store.redacted): \(error)")
            }
            let checkpoint = snapshot.latestSignedCheckpoint
            var state = ChainVerifier.State()
            func checkSigned() throws {
                guard let checkpoint, state.position == checkpoint.size, state.frontier.root != checkpoint.root else {
                    return
                }
                throw CommandFailure(
                    "the log's first \(checkpoint.size) events do not have the root its latest signed checkpoint "
                        + "names: run motcua verify; no backup was written")
            }
            try checkSigned()
            var after: Int64 = 0
            while true {
                let page: [RecordedEvent]
                do {
                    page = try await snapshot.read(after: after, limit: 10_000)
                } catch let error as EventStoreError {
                    throw CommandFailure("cannot back up \(store.redacted): \(error)")
                }
                guard let last = page.last else { break }
                for record in page {
                    if let reason = state.check(record) {
                        throw CommandFailure(
                            "position \(record.position): \(reason): run motcua verify; no backup was written")
                    }
                    try checkSigned()
                    try events.write(record.exportLine + [UInt8(ascii: "\n")])
                }
                after = last.position
            }
            guard state.position == snapshot.head.position, state.hash == snapshot.head.hash else {
                throw CommandFailure(
                    "the snapshot's log ends at position \(state.position), its head says \(snapshot.head.position)")
            }
            if let checkpoint, checkpoint.size > state.position {
                throw CommandFailure(
                    "the latest signed checkpoint covers \(checkpoint.size) events, the log has \(state.position): "
                        + "run motcua verify; no backup was written")
            }
            try? await snapshot.end()
            if let checkpoint {
                let file = try NewFile(checkpointPath)
                note = file
                try file.write(Array(checkpoint.note.utf8))
                try file.commit()
                noteCommitted = true
            }
            try events.commit()
            print("\(output): \(state.position) recorded events as NDJSON (restore: motcua import \(output) --db URL)")
            if let checkpoint {
                print(
                    "\(checkpointPath): the latest signed checkpoint, \(checkpoint.size) events (motcua verify "
                        + "--checkpoint \(checkpointPath) --key VERIFIER)")
            }
            print(
                Self.summary(
                    events: state.position,
                    head: LogHead(position: state.position, hash: state.hash, recordedAt: state.recordedAt),
                    root: state.frontier.root))
        } catch {
            events.discard()
            note?.discard()
            // The checkpoint of a backup whose events could not be given their name.
            if noteCommitted { note?.remove() }
            throw error
        }
    }

    /// `motcua verify`'s line for the same log, and its tree root.
    private static func summary(events: Int64, head: LogHead, root: [UInt8]) -> String {
        "ok: \(events) events, head position \(head.position), hash \(HashChain.hexString(head.hash)), tree root "
            + Data(root).base64EncodedString()
    }
}
