import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaPostgresTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The faults a city's server room sees, against real `motcua serve` processes on real SQLite files and a
/// real PostgreSQL server: floods, a full disk, a database restart, two writers on one file. In each,
/// every acknowledged event is found afterwards (the counts are printed for the closing notes), nothing
/// half-stored, and the server recovers by itself.
@Suite(.serialized) struct FaultTests {
    /// The demo catalogue's agency and procedure, in which every client's dossiers are received.
    static let demo = StoreCommandTests.repository.appendingPathComponent("Replays/demo.ndjson").path

    /// A batch of `count` new dossiers of the demo catalogue, as a POST body.
    static func batch(_ prefix: String, count: Int) -> ByteBuffer {
        let events = (0..<count).map { i in
            #"{"id":"\#(UUID().uuidString.lowercased())","type":"DossierReceived","#
                + #""occurredAt":"2025-06-02T09:00:00+07:00","data":{"dossier":"\#(prefix)-\#(i)","#
                + #""procedure":"1.004227","agency":"000.00.20.H26","channel":"direct","applicant":"citizen"}}"#
        }
        return ByteBuffer(string: "[" + events.joined(separator: ",") + "]")
    }

    /// A store with the demo log and an admin token (`--token-rate` aside, admins are counted like others).
    static func store(_ db: String) async throws -> String {
        #expect(try await CommandRunner.run(["import", demo, "--db", db]).status == 0)
        return try await CommandRunner.run(["token", "create", "--db", db, "--role", "admin"]).stdout
            .trimmingCharacters(in: .newlines)
    }

    /// Events in the store (`export` lines).
    static func stored(_ db: String) async throws -> Int {
        let export = try await CommandRunner.run(["export", "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        return export.stdout.split(separator: "\n").count
    }

    /// Peak resident memory of a process, in bytes (`VmHWM`).
    static func peakRSS(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return nil }
        return kilobytes * 1024
    }

    static func stop(_ process: Process) {
        process.terminate()
        process.waitUntilExit()
    }

    /// 256 clients post at once to a server that takes 8 appends at a time: each request is answered
    /// (created, or 503 `overloaded` with `Retry-After` before its body is read), memory stays bounded,
    /// and exactly the acknowledged events are stored.
    @Test func aFloodOf256ClientsIsAnsweredWithinBoundedMemory() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("flood.sqlite").path
        let token = try await Self.store(db)
        let before = try await Self.stored(db)
        let (process, _, port) = try await ServeCommandTests.serve([
            "--db", db, "--maximum-appends", "8", "--token-rate", "0",
        ])
        defer { Self.stop(process) }
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        let outcomes = try await withThrowingTaskGroup(of: [Int].self) { group in
            for client in 0..<256 {
                group.addTask {
                    let connection = TestClient(
                        host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
                    connection.connect()
                    defer { Task { try? await connection.shutdown() } }
                    var statuses: [Int] = []
                    for round in 0..<4 {
                        let response = try await connection.execute(
                            .init(
                                "/v1/events", method: .post, headers: headers,
                                body: Self.batch("F\(client)-\(round)", count: 50)))
                        if response.status == .serviceUnavailable {
                            #expect(response.headers[.retryAfter] == "1")
                        }
                        statuses.append(Int(response.status.code))
                    }
                    return statuses
                }
            }
            var all: [Int] = []
            for try await statuses in group { all += statuses }
            return all
        }
        let created = outcomes.filter { $0 == 201 }.count
        let refused = outcomes.filter { $0 == 503 }.count
        #expect(outcomes.count == 1024, "every request answered")
        #expect(created + refused == outcomes.count, "only 201 and 503: \(Set(outcomes))")
        #expect(created > 0 && refused > 0, "created \(created), refused \(refused)")
        let peak = try #require(Self.peakRSS(process.processIdentifier))
        Self.stop(process)
        let after = try await Self.stored(db)
        print(
            "flood: 256 clients, 1024 batches of 50: \(created) created (\(created * 50) events acknowledged), "
                + "\(refused) refused 503; stored \(after - before); lost \(created * 50 - (after - before)); "
                + "peak RSS \(peak / 1_048_576) MiB")
        #expect(after - before == created * 50)
        #expect(peak < 1 << 30, "peak RSS \(peak / 1_048_576) MiB")
        #expect(try await CommandRunner.run(["verify", "--db", db]).status == 0)
    }

    /// A token over its rate gets 429 with `Retry-After`; another token is not slowed by it.
    @Test func aTokenOverItsRateGets429() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("rate.sqlite").path
        let busy = try await Self.store(db)
        let other = try await CommandRunner.run(["token", "create", "--db", db, "--role", "monitor"]).stdout
            .trimmingCharacters(in: .newlines)
        let (process, _, port) = try await ServeCommandTests.serve([
            "--db", db, "--token-rate", "2", "--token-burst", "5",
        ])
        defer { Self.stop(process) }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        var statuses: [HTTPResponse.Status] = []
        var retryAfter: String?
        for _ in 0..<12 {
            let response = try await client.execute(
                .init("/v1/kpi?period=2025", method: .get, headers: [.authorization: "Bearer \(busy)"]))
            statuses.append(response.status)
            if response.status == .tooManyRequests {
                retryAfter = response.headers[.retryAfter]
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == .ok }, "the burst passes: \(statuses)")
        #expect(statuses.filter { $0 == .tooManyRequests }.count >= 5, "\(statuses)")
        #expect(retryAfter == "1")
        let unaffected = try await client.execute(
            .init("/v1/kpi?period=2025", method: .get, headers: [.authorization: "Bearer \(other)"]))
        #expect(unaffected.status == .ok)
        try await Task.sleep(for: .seconds(1.2))
        let later = try await client.execute(
            .init("/v1/kpi?period=2025", method: .get, headers: [.authorization: "Bearer \(busy)"]))
        #expect(later.status == .ok, "the bucket refills")
        try? await client.shutdown()
    }

    /// A rate as low as `--token-rate` accepts names a bounded `Retry-After` (a day), never a number that
    /// overflows, and the server goes on answering.
    @Test func aTinyTokenRateNamesABoundedWait() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tiny.sqlite").path
        let token = try await Self.store(db)
        let (process, _, port) = try await ServeCommandTests.serve([
            "--db", db, "--token-rate", "0.000000001", "--token-burst", "1",
        ])
        defer { Self.stop(process) }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        let headers: HTTPFields = [.authorization: "Bearer \(token)"]
        #expect(try await client.execute(.init("/v1/kpi?period=2025", method: .get, headers: headers)).status == .ok)
        let limited = try await client.execute(.init("/v1/kpi?period=2025", method: .get, headers: headers))
        #expect(limited.status == .tooManyRequests)
        #expect(limited.headers[.retryAfter] == "86400")
        #expect(try await client.execute(.init("/health", method: .get)).status == .ok)
        try? await client.shutdown()
    }

    /// Two servers and an import append to one SQLite file at once: SQLite's write lock serializes them,
    /// each re-reads the head it writes after, and the chain has no gap, fork or lost acknowledgement.
    @Test func twoServersAndAnImportShareOneSQLiteFile() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("shared.sqlite").path
        let token = try await Self.store(db)
        let before = try await Self.stored(db)
        let (first, _, firstPort) = try await ServeCommandTests.serve(["--db", db, "--token-rate", "0"])
        defer { Self.stop(first) }
        let (second, _, secondPort) = try await ServeCommandTests.serve(["--db", db, "--token-rate", "0"])
        defer { Self.stop(second) }
        // The import's events, in a file of their own.
        let lines = (0..<400).map { i in
            #"{"id":"\#(UUID().uuidString.lowercased())","type":"DossierReceived","#
                + #""occurredAt":"2025-06-02T09:00:00+07:00","data":{"dossier":"IMP-\#(i)","#
                + #""procedure":"1.004227","agency":"000.00.20.H26","channel":"postal","applicant":"household"}}"#
        }
        let file = directory.appendingPathComponent("more.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        async let imported = CommandRunner.run(["import", file.path, "--db", db, "--batch-size", "10"])
        let acknowledged = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<16 {
                group.addTask {
                    let port = client.isMultiple(of: 2) ? firstPort : secondPort
                    let connection = TestClient(
                        host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
                    connection.connect()
                    defer { Task { try? await connection.shutdown() } }
                    var events = 0
                    for round in 0..<10 {
                        let response = try await connection.execute(
                            .init(
                                "/v1/events", method: .post, headers: headers,
                                body: Self.batch("TW\(client)-\(round)", count: 5)))
                        if response.status == .created { events += 5 }
                    }
                    return events
                }
            }
            var total = 0
            for try await events in group { total += events }
            return total
        }
        #expect(try await imported.status == 0)
        Self.stop(first)
        Self.stop(second)
        let after = try await Self.stored(db)
        print(
            "two writers: \(acknowledged) events acknowledged by two servers + 400 imported; "
                + "stored \(after - before); lost \(acknowledged + 400 - (after - before))")
        #expect(acknowledged == 16 * 10 * 5)
        #expect(after - before == acknowledged + 400)
        let verified = try await CommandRunner.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
    }
    /// Runs a system command, returning its exit status.
    @discardableResult
    static func system(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Serves the SQLite store `db`, has an append acknowledged, then `failing()` makes the store refuse
    /// writes: appends get 503 `store-unavailable` with `Retry-After`, reads go on, `/health` says why
    /// (`reason`, when given, is part of it); after `recovered()`, appends commit again with no restart.
    /// Afterwards exactly the acknowledged events are stored and the chain verifies.
    static func refusesAppendsThenRecovers(
        db: String, fault: String, reason: String?, failing: () throws -> Void, recovered: () throws -> Void
    ) async throws {
        let token = try await Self.store(db)
        let before = try await Self.stored(db)
        let (process, _, port) = try await ServeCommandTests.serve(["--db", db, "--token-rate", "0"])
        defer { Self.stop(process) }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60)))
        client.connect()
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        var acknowledged = 0
        var round = 0
        func post() async throws -> TestClient.Response {
            round += 1
            let response = try await client.execute(
                .init("/v1/events", method: .post, headers: headers, body: Self.batch("F\(round)", count: 20)))
            if response.status == .created { acknowledged += 20 }
            return response
        }
        #expect(try await post().status == .created)
        try failing()
        var refused: TestClient.Response?
        for _ in 0..<200 {
            let response = try await post()
            if response.status != .created {
                refused = response
                break
            }
        }
        let answer = try #require(refused, "\(fault): appends never failed")
        #expect(answer.status == .serviceUnavailable)
        #expect(answer.headers[.retryAfter] == "5")
        #expect(String(buffer: answer.body ?? ByteBuffer()).contains("store-unavailable"))
        #expect(try await client.execute(.init("/v1/kpi?period=2025", method: .get, headers: headers)).status == .ok)
        let health = try await client.execute(.init("/health", method: .get))
        let text = String(buffer: health.body ?? ByteBuffer())
        #expect(health.status == .serviceUnavailable && text.contains("appends-failing"))
        if let reason { #expect(text.lowercased().contains(reason), "\(text)") }
        try recovered()
        #expect(try await post().status == .created, "\(fault): appends resume without a restart")
        #expect(try await client.execute(.init("/health", method: .get)).status == .ok)
        try? await client.shutdown()
        Self.stop(process)
        let after = try await Self.stored(db)
        print(
            "\(fault): \(acknowledged) events acknowledged, \(after - before) stored, "
                + "lost \(acknowledged - (after - before))")
        #expect(after - before == acknowledged)
        #expect(try await CommandRunner.run(["verify", "--db", db]).status == 0)
    }

    /// SQLite on a full file system: a 24 MiB tmpfs, filled by a ballast file, then emptied.
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root (CI runs as root)"))
    func aFullDiskRefusesAppendsKeepsReadsAndRecovers() async throws {
        let directory = try CommandRunner.temporaryDirectory().appendingPathComponent("small")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        #expect(try Self.system(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", directory.path]) == 0)
        defer { _ = try? Self.system(["umount", "-l", directory.path]) }
        let ballast = directory.appendingPathComponent("ballast")
        try await Self.refusesAppendsThenRecovers(
            db: "sqlite:" + directory.appendingPathComponent("full.sqlite").path, fault: "full disk",
            reason: "full",
            failing: { _ = try Self.system(["dd", "if=/dev/zero", "of=\(ballast.path)", "bs=1M", "count=64"]) },
            recovered: { try FileManager.default.removeItem(at: ballast) })
    }

    /// SQLite on a file made read-only while serving: the store's files made immutable on an ext4 file
    /// system of a loop device (writes through the open descriptors fail, as on storage gone read-only),
    /// then writable again.
    @Test(
        .enabled(
            if: getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control"),
            "loop devices and chattr need root and /dev/loop-control (CI runs as root)"))
    func aReadOnlyStoreRefusesAppendsKeepsReadsAndRecovers() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let image = directory.appendingPathComponent("disk.img").path
        let mountPoint = directory.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        #expect(try Self.system(["truncate", "-s", "64M", image]) == 0)
        #expect(try Self.system(["mkfs.ext4", "-q", "-F", image]) == 0)
        #expect(try Self.system(["mount", "-o", "loop", image, mountPoint]) == 0)
        defer { _ = try? Self.system(["umount", "-d", mountPoint]) }
        let path = mountPoint + "/ro.sqlite"
        let files = { [path, path + "-wal"].filter { FileManager.default.fileExists(atPath: $0) } }
        try await Self.refusesAppendsThenRecovers(
            db: "sqlite:" + path, fault: "read-only store", reason: nil,
            failing: {
                let status = try Self.system(["chattr", "+i"] + files())
                #expect(status == 0)
            },
            recovered: {
                let status = try Self.system(["chattr", "-i"] + files())
                #expect(status == 0)
            })
    }

    /// PostgreSQL stopped and started again under load: the store reconnects by itself; a batch in flight
    /// is committed once (a group cut by the restart is run again with id lookups) or reported failed, never
    /// both and never in part; a retry with the same ids is idempotent.
    @Test func aPostgreSQLRestartUnderLoadLosesNothing() async throws {
        let server = try await DedicatedPostgresServer.start()
        let url = try await server.freshDatabaseURL()
        let token = try await Self.store(url)
        let before = try await Self.stored(url)
        let (process, _, port) = try await ServeCommandTests.serve(["--db", url, "--token-rate", "0"])
        defer { Self.stop(process) }
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        let restarted = Task {
            try await Task.sleep(for: .seconds(2))
            try await server.stop()
            try await Task.sleep(for: .seconds(1))
            try await server.start()
        }
        // Each client posts for 6 s; a batch not created is posted again, with the same ids, until it is.
        let outcomes = try await withThrowingTaskGroup(of: (batches: Int, retried: Int, events: Int).self) { group in
            for client in 0..<8 {
                group.addTask {
                    let connection = TestClient(
                        host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
                    connection.connect()
                    defer { Task { try? await connection.shutdown() } }
                    let started = ContinuousClock.now
                    var (batches, retried, events, round) = (0, 0, 0, 0)
                    while ContinuousClock.now - started < .seconds(6) {
                        round += 1
                        let body = Self.batch("PG\(client)-\(round)", count: 5)
                        var response = try await connection.execute(
                            .init("/v1/events", method: .post, headers: headers, body: body))
                        var attempts = 0
                        while response.status != .created, response.status != .ok, attempts < 60 {
                            #expect(response.status == .serviceUnavailable, "\(response.status)")
                            attempts += 1
                            retried += 1
                            try await Task.sleep(for: .milliseconds(500))
                            response = try await connection.execute(
                                .init("/v1/events", method: .post, headers: headers, body: body))
                        }
                        #expect(response.status == .created || response.status == .ok)
                        batches += 1
                        events += 5
                    }
                    return (batches, retried, events)
                }
            }
            var total = (batches: 0, retried: 0, events: 0)
            for try await outcome in group {
                total = (
                    total.batches + outcome.batches, total.retried + outcome.retried, total.events + outcome.events
                )
            }
            return total
        }
        try await restarted.value
        let health = try await TestClient(host: "127.0.0.1", port: port, configuration: .init()).executeOnce("/health")
        #expect(health == .ok, "the server serves again without a restart of its own")
        Self.stop(process)
        let after = try await Self.stored(url)
        print(
            "PostgreSQL restart: \(outcomes.batches) batches (\(outcomes.events) events) acknowledged, "
                + "\(outcomes.retried) retries; stored \(after - before); lost \(outcomes.events - (after - before))")
        #expect(after - before == outcomes.events, "each acknowledged event stored exactly once")
        #expect(try await CommandRunner.run(["verify", "--db", url]).status == 0)
    }
}

extension TestClient {
    /// GETs `uri` on a connection of its own and returns the status.
    func executeOnce(_ uri: String) async throws -> HTTPResponse.Status {
        connect()
        defer { Task { try? await shutdown() } }
        return try await execute(.init(uri, method: .get)).status
    }
}
