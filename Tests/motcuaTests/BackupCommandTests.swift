import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaPostgresTestSupport
import Testing

/// `motcua backup` of a store that a live `motcua serve` keeps appending to, and the restores: real SQLite
/// files and a real PostgreSQL server, every command run as a process.
@Suite struct BackupCommandTests {
    static let demo = StoreCommandTests.demo

    /// A simulated city of 2,000 dossiers in the store at `db`, so that a copy takes a while; returns its
    /// event count and a procedure of its catalogue for the clients' dossiers (at its agency 000.00.20.H26).
    static func seedCity(db: String, in directory: URL) async throws -> (events: Int, procedure: String) {
        let city = try await CommandRunner.run(["simulate", "--dossiers", "2000", "--seed", "7"], in: directory)
        #expect(city.status == 0, "\(city.stderr)")
        try city.stdout.write(to: directory.appendingPathComponent("city.ndjson"), atomically: true, encoding: .utf8)
        let imported = try await CommandRunner.run(["import", "city.ndjson", "--db", db], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        let lines = city.stdout.split(separator: "\n")
        #expect(
            lines.contains { $0.contains(#""type":"AgencyRegistered""#) && $0.contains(#""agency":"000.00.20.H26""#) })
        let published = try #require(lines.first { $0.contains(#""type":"ProcedurePublished""#) })
        let procedure = try #require(published.firstMatch(of: /"procedure":"([^"]+)"/).map { String($0.1) })
        return (lines.count, procedure)
    }

    /// The events the server acknowledged to the clients, in the order acknowledged: each one's position and id.
    actor Acknowledged {
        private(set) var events: [(position: Int64, id: String)] = []
        private(set) var stopped = false
        private(set) var failure: String?
        private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        func add(position: Int64, id: String) {
            events.append((position, id))
            wake()
        }

        /// Returns once `count` events are acknowledged in all (or a client failed).
        func wait(for count: Int) async {
            if events.count >= count || failure != nil { return }
            await withCheckedContinuation { waiters.append((count, $0)) }
        }

        func fail(_ message: String) {
            failure = failure ?? message
            wake()
        }

        func stop() { stopped = true }

        private func wake() {
            let ready = waiters.filter { $0.count <= events.count || failure != nil }
            waiters.removeAll { $0.count <= events.count || failure != nil }
            for waiter in ready { waiter.continuation.resume() }
        }
    }

    /// `clients` connections to the server, each posting one new `DossierReceived` at a time with the admin
    /// `token` until `log` is stopped, recording every acknowledgement.
    static func appendContinuously(
        port: Int, token: String, procedure: String, clients: Int, into log: Acknowledged
    ) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    group.addTask {
                        do {
                            try await post(
                                port: port, token: token, procedure: procedure, client: client, into: log)
                        } catch {
                            await log.fail("client \(client): \(error)")
                        }
                    }
                }
            }
        }
    }

    private static func post(
        port: Int, token: String, procedure: String, client index: Int, into log: Acknowledged
    ) async throws {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
        client.connect()
        var sent = 0
        while !(await log.stopped) {
            let id = UUID().uuidString.lowercased()
            let event =
                #"[{"id":"\#(id)","type":"DossierReceived","occurredAt":"2025-06-02T09:00:00+07:00","#
                + #""data":{"dossier":"BK-\#(index)-\#(sent)","procedure":"\#(procedure)","agency":"000.00.20.H26","#
                + #""channel":"direct","applicant":"citizen"}}]"#
            let response = try await client.execute(
                .init(
                    "/v1/events", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: event)))
            let body = String(buffer: response.body ?? ByteBuffer())
            guard response.status == .created,
                let position = body.firstMatch(of: /"position":(\d+)/).flatMap({ Int64($0.1) })
            else {
                await log.fail("client \(index): \(response.status) \(body)")
                break
            }
            await log.add(position: position, id: id)
            sent += 1
        }
        try await client.shutdown()
    }

    /// What `backup` printed last: `ok: N events, head position P, hash H, tree root R`.
    struct Summary {
        let events: Int
        let position: Int64
        let hash: String

        init(_ output: String) throws {
            let match = try #require(
                output.firstMatch(of: /ok: (\d+) events, head position (\d+), hash ([0-9a-f]{64}), tree root \S+\n$/),
                "\(output)")
            events = Int(match.1)!
            position = Int64(match.2)!
            hash = String(match.3)
        }

        /// What `motcua verify` prints for the same log.
        var verifyLine: String { "ok: \(events) events, head position \(position), hash \(hash)\n" }
    }

    /// Runs a live server on `db` (seeded) with clients appending, takes `backup --output backup` once
    /// `before` events are acknowledged, lets `after` more be acknowledged, then stops everything. Returns
    /// the backup's result, the events acknowledged before it began, and the live export at the end.
    static func backUpWhileAppending(
        db: String, procedure: String, backup: String, serveArguments: [String] = [], in directory: URL,
        before: Int = 300, after: Int = 100
    ) async throws -> (CommandRunner.Result, acknowledged: [(position: Int64, id: String)], live: [Substring]) {
        let token = try await CommandRunner.run(["token", "create", "--db", db, "--role", "admin"], in: directory)
            .stdout.trimmingCharacters(in: .newlines)
        let (server, _, port) = try await ServeCommandTests.serve(["--db", db] + serveArguments)
        let log = Acknowledged()
        let clients = appendContinuously(port: port, token: token, procedure: procedure, clients: 4, into: log)
        await log.wait(for: before)
        let acknowledged = await log.events
        let result = try await CommandRunner.run(["backup", "--db", db, "--output", backup], in: directory)
        let whileRunning = await log.events.count - acknowledged.count
        await log.wait(for: await log.events.count + after)
        await log.stop()
        await clients.value
        server.terminate()
        server.waitUntilExit()
        let failure = await log.failure
        #expect(failure == nil, "\(failure ?? "")")
        #expect(server.terminationStatus == 0)
        let live = try await CommandRunner.run(["export", "--db", db], in: directory)
        #expect(live.status == 0, "\(live.stderr)")
        let total = await log.events.count
        print(
            "backup of \(db.hasPrefix("sqlite") ? "SQLite" : "PostgreSQL") while appending: \(acknowledged.count) "
                + "events acknowledged before it began (up to position \(acknowledged.map(\.position).max() ?? 0)), "
                + "\(whileRunning) while it ran, "
                + "\(total) acknowledged in all, \(live.stdout.split(separator: "\n").count) in the live log")
        return (result, acknowledged, live.stdout.split(separator: "\n"))
    }

    /// The backup's log holds every event acknowledged before it began, at its position, and is a prefix of
    /// the live log: the same lines, hashes included, at the same positions.
    static func expectPrefix(
        _ copy: [Substring], of live: [Substring], holding acknowledged: [(position: Int64, id: String)]
    ) {
        #expect(copy.count < live.count, "the server went on appending after the backup")
        #expect(Array(live.prefix(copy.count)) == copy)
        let missing = acknowledged.filter { event in
            event.position > copy.count
                || !copy[Int(event.position) - 1].hasPrefix(#"{"position":\#(event.position),"#)
                || !copy[Int(event.position) - 1].contains(#""id":"\#(event.id)""#)
        }
        #expect(missing.isEmpty, "acknowledged before the backup, missing from it: \(missing.prefix(5))")
    }

    @Test("SQLite: an online copy while serve appends verifies, holds every acknowledged event, restores by copy")
    func sqliteWhileAppending() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = "sqlite:" + directory.appendingPathComponent("live.sqlite").path
        let backup = directory.appendingPathComponent("backup.sqlite").path
        let city = try await Self.seedCity(db: db, in: directory)
        let (result, acknowledged, live) = try await Self.backUpWhileAppending(
            db: db, procedure: city.procedure, backup: backup, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("\(backup): a copy of the SQLite store"))
        let summary = try Summary(result.stdout)
        print("SQLite backup: \(summary.events) events, head position \(summary.position)")
        #expect(summary.events >= city.events + acknowledged.count)
        // Nothing but the live store and the backup, whole, under its name.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.contains("partial") }, "\(files)")
        #expect(!files.contains { $0.hasPrefix("backup.sqlite-") }, "\(files)")

        let verified = try await CommandRunner.run(["verify", "--db", "sqlite:" + backup], in: directory)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == summary.verifyLine)
        let copy = try await CommandRunner.run(["export", "--db", "sqlite:" + backup], in: directory)
        let copied = copy.stdout.split(separator: "\n")
        #expect(copied.count == summary.events)
        Self.expectPrefix(copied, of: live, holding: acknowledged)

        // Restore: the file copied into place is the store, tokens included.
        let restored = directory.appendingPathComponent("restored.sqlite").path
        try FileManager.default.copyItem(atPath: backup, toPath: restored)
        let again = try await CommandRunner.run(["verify", "--db", "sqlite:" + restored], in: directory)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == summary.verifyLine)
        let tokens = try await CommandRunner.run(["token", "list", "--db", "sqlite:" + restored], in: directory)
        #expect(tokens.stdout.split(separator: "\n").count == 2, "the admin token is in the copy: \(tokens.stdout)")
    }

    @Test("PostgreSQL: a snapshot export while serve appends; restored into PostgreSQL and into SQLite")
    func postgresWhileAppending() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try await PostgresTestServer.shared.freshDatabaseURL()
        // A signed checkpoint before the server starts; the server signs more as the log grows.
        let verifier = try await CommandRunner.run(
            ["key", "create", "--name", "test.motcua.vn/log", "--output", "log.key"], in: directory)
        #expect(verifier.status == 0, "\(verifier.stderr)")
        let city = try await Self.seedCity(db: db, in: directory)
        #expect(try await CommandRunner.run(["checkpoint", "--db", db, "--key", "log.key"], in: directory).status == 0)
        let backup = directory.appendingPathComponent("backup.ndjson").path
        let (result, acknowledged, live) = try await Self.backUpWhileAppending(
            db: db, procedure: city.procedure, backup: backup,
            serveArguments: ["--signing-key", directory.appendingPathComponent("log.key").path],
            in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Summary(result.stdout)
        print("PostgreSQL backup: \(summary.events) events, head position \(summary.position)")
        #expect(result.stdout.hasPrefix("\(backup): \(summary.events) recorded events as NDJSON"))
        #expect(summary.events >= city.events + acknowledged.count)
        let copied = try String(contentsOfFile: backup, encoding: .utf8).split(separator: "\n")
        #expect(copied.count == summary.events)
        Self.expectPrefix(copied, of: live, holding: acknowledged)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!files.contains { $0.contains("partial") }, "\(files)")

        // Restore into an empty PostgreSQL database: the same chain, and it extends the signed checkpoint.
        let restored = try await PostgresTestServer.shared.freshDatabaseURL()
        let imported = try await CommandRunner.run(["import", backup, "--db", restored], in: directory)
        #expect(imported.stdout == "imported: \(summary.events) appended, 0 already present\n", "\(imported.stderr)")
        let verified = try await CommandRunner.run(["verify", "--db", restored], in: directory)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == summary.verifyLine)
        #expect(FileManager.default.fileExists(atPath: backup + ".checkpoint"))
        let key = verifier.stdout.trimmingCharacters(in: .newlines)
        let extends = try await CommandRunner.run(
            ["verify", "--db", restored, "--checkpoint", backup + ".checkpoint", "--key", key], in: directory)
        #expect(extends.status == 0, "\(extends.stderr)")
        #expect(extends.stdout.contains("extends the signed checkpoint"))

        // And into SQLite: the backup is backend-neutral.
        let sqlite = "sqlite:" + directory.appendingPathComponent("restored.sqlite").path
        let intoSQLite = try await CommandRunner.run(["import", backup, "--db", sqlite], in: directory)
        #expect(intoSQLite.status == 0, "\(intoSQLite.stderr)")
        let verifiedSQLite = try await CommandRunner.run(["verify", "--db", sqlite], in: directory)
        #expect(verifiedSQLite.stdout == summary.verifyLine, "\(verifiedSQLite.stderr)")

        // A second backup to the same name is refused, and leaves the first as it was.
        let before = try Data(contentsOf: URL(fileURLWithPath: backup))
        let twice = try await CommandRunner.run(["backup", "--db", db, "--output", backup], in: directory)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("\(backup) exists: a backup never overwrites a file"), "\(twice.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == before)
    }

    @Test("an existing --output is refused and left untouched; nothing else is written")
    func existingOutput() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(
            try await CommandRunner.run(["import", Self.demo, "--db", "sqlite:a.sqlite"], in: directory).status == 0)
        try Data("precious".utf8).write(to: directory.appendingPathComponent("taken.sqlite"))
        let refused = try await CommandRunner.run(
            ["backup", "--db", "sqlite:a.sqlite", "--output", "taken.sqlite"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("taken.sqlite exists: a backup never overwrites a file"), "\(refused.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("taken.sqlite")) == Data("precious".utf8))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files.filter { !$0.hasPrefix("a.sqlite") } == ["taken.sqlite"])
        // A missing store is not created and backed up; an in-memory one is a usage error.
        let missing = try await CommandRunner.run(
            ["backup", "--db", "sqlite:nothing.sqlite", "--output", "b.sqlite"], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no store at nothing.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nothing.sqlite").path))
        let memory = try await CommandRunner.run(
            ["backup", "--db", "sqlite::memory:", "--output", "b.sqlite"], in: directory)
        #expect(memory.status == 2)
    }

    static let newerSchema = "schema is newer than this motcua: it has the migration(s) 999_from_the_future"

    @Test("a SQLite store whose schema is newer than the binary is refused, unchanged")
    func newerSQLiteSchema() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(
            try await CommandRunner.run(["import", Self.demo, "--db", "sqlite:a.sqlite"], in: directory).status == 0)
        let future = try await Shell.run(
            "sqlite3", ["a.sqlite", "INSERT INTO grdb_migrations (identifier) VALUES ('999_from_the_future')"],
            in: directory)
        #expect(future.status == 0, "\(future.stderr)")
        // Its whole content, as sqlite3 dumps it (opening a WAL database rewrites bytes, not content).
        let before = try await Shell.run("sqlite3", ["a.sqlite", ".dump"], in: directory).stdout
        for command in [["verify"], ["serve", "--port", "0"], ["backup", "--output", "b.sqlite"]] {
            let refused = try await CommandRunner.run(command + ["--db", "sqlite:a.sqlite"], in: directory)
            #expect(refused.status == 1, "\(command)")
            #expect(refused.stderr.contains(Self.newerSchema), "\(command): \(refused.stderr)")
            #expect(refused.stderr.contains("migrations only go forward"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("b.sqlite").path))
        #expect(try await Shell.run("sqlite3", ["a.sqlite", ".dump"], in: directory).stdout == before)
    }

    @Test("a PostgreSQL database whose schema is newer than the binary is refused")
    func newerPostgresSchema() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try await PostgresTestServer.shared.freshDatabaseURL()
        #expect(try await CommandRunner.run(["import", Self.demo, "--db", db], in: directory).status == 0)
        let future = try await Shell.run(
            "psql",
            [db, "-v", "ON_ERROR_STOP=1", "-c", "INSERT INTO schema_migrations (name) VALUES ('999_from_the_future')"],
            in: directory)
        #expect(future.status == 0, "\(future.stderr)")
        for command in [["verify"], ["backup", "--output", "b.ndjson"]] {
            let refused = try await CommandRunner.run(command + ["--db", db], in: directory)
            #expect(refused.status == 1, "\(command)")
            #expect(refused.stderr.contains(Self.newerSchema), "\(command): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("b.ndjson").path))
    }
}
