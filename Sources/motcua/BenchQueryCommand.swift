import ArgumentParser
import Foundation
import MotCuaDomain
import NIOHTTP1

/// `motcua bench query`: the read path of a simulated city, as auditors and monitors use it.
struct BenchQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Read figures: replay, kpi and GET /v1/kpi on a simulated city, with and without ingest.",
        discussion: """
            Simulates a city (`simulate --dossiers N --seed S`) and imports it into a fresh SQLite store (and \
            PostgreSQL with --postgres), then runs each measurement --runs times and prints the median: \
            `replay --db` (SQLite, PostgreSQL), `replay FILE` of its export, and `kpi` as a process (the \
            checkpoint made). Then `serve` on the store: the first GET /v1/kpi after start, and one \
            connection cycling through 7 periods × 4 groupings for --seconds, alone and while --clients \
            connections post new dossiers one at a time: p50/p99 latency.
            """)

    @OptionGroup var city: BenchCityOptions

    @Option(help: "Seconds of each query load.")
    var seconds = 8.0

    @Option(help: "Connections posting single events during the query load under ingest (0: none).")
    var clients = 4

    @Option(
        help: """
            A PostgreSQL server where this user may create databases (postgres://USER@HOST:PORT): also replay \
            from there (database motcua_bench_query is made and dropped).
            """)
    var postgres: String?

    /// The queries cycled through: every period shape of a year, by every grouping.
    static let queries: [String] = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025-H1", "2025-9M", "2025"]
        .flatMap { period in
            ["agency", "sector", "field", "level"].map { "/v1/kpi?period=\(period)&by=\($0)" }
        }

    func validate() throws {
        guard (0.1...3_600).contains(seconds) else { throw ValidationError("--seconds must be 0.1…3600") }
        guard (0...1_000).contains(clients) else { throw ValidationError("--clients must be 0…1000") }
        if let postgres, !(postgres.hasPrefix("postgres://") || postgres.hasPrefix("postgresql://")) {
            throw ValidationError("--postgres must be a postgres:// URL of a server, got \(postgres)")
        }
    }

    func run() async throws {
        typealias Bench = BenchIngestCommand
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("city.ndjson").path
        let lines = Double(try city.simulate(into: log))
        let store = "sqlite:" + directory.appendingPathComponent("city.sqlite").path
        _ = try Bench.motcua(["import", log, "--db", store, "--batch-size", "10000"])
        let export = directory.appendingPathComponent("export.ndjson").path
        _ = try Bench.motcua(["export", "--db", store], stdout: export)

        let report = ["--period", "2025-Q2", "--by", "agency", "--format", "json"]
        var rows: [[String]] = [["figure", "MotCua", "target (issue 12)"]]
        func measure(_ arguments: [String]) throws -> Double {
            Bench.median(try (0..<city.runs).map { _ in try Bench.motcua(arguments) })
        }
        let replay = try measure(["replay", "--db", store] + report)
        rows.append(["replay --db, SQLite", "\(Bench.format(lines / replay)) events/s", "≥ 1,000,000 events/s"])
        if let server = postgres?.trimmingCharacters(in: CharacterSet(charactersIn: "/")) {
            try Bench.psql(server, "postgres", "DROP DATABASE IF EXISTS motcua_bench_query")
            try Bench.psql(server, "postgres", "CREATE DATABASE motcua_bench_query")
            defer { _ = try? Bench.psql(server, "postgres", "DROP DATABASE IF EXISTS motcua_bench_query") }
            let database = "\(server)/motcua_bench_query"
            _ = try Bench.motcua(["import", export, "--db", database, "--batch-size", "10000"])
            let seconds = try measure(["replay", "--db", database] + report)
            rows.append(["replay --db, PostgreSQL", "\(Bench.format(lines / seconds)) events/s", "≥ 500,000 events/s"])
        }
        let replayFile = try measure(["replay", export] + report)
        rows.append(["replay FILE (export)", "\(Bench.format(lines / replayFile)) lines/s", "≥ 1,000,000 lines/s"])
        _ = try Bench.motcua(["kpi", "--db", store] + report)  // the checkpoint, at the head
        let kpi = try measure(["kpi", "--db", store] + report)
        rows.append(["kpi as a process", String(format: "%.0f ms", kpi * 1000), "≤ 100 ms at 1M events"])

        let catalogue = directory.appendingPathComponent("catalogue.ndjson")
        try Data(Bench.benchCatalogue.utf8).write(to: catalogue)
        _ = try Bench.motcua(["import", catalogue.path, "--db", store])
        let monitor = try token(["--role", "monitor"], store: store, in: directory)
        let center = try token(["--role", "center", "--agency", "BENCH"], store: store, in: directory)
        var first: [Double] = []
        var alone: [HTTPLoad.Result] = []
        func check(_ result: HTTPLoad.Result) throws {
            guard result.failed == 0 else {
                throw CommandFailure("\(result.failed) requests failed; first: \(result.firstFailure ?? "")")
            }
        }
        // Ingest as a city posts it (events dated now, after every period queried) and at its worst for
        // kept reports (dated inside 2025-Q2, H1, 9M and 2025, so that every post drops those reports).
        let ingests = [
            (
                "dated now",
                Timestamp(vietnam: Instant(nanoseconds: Int64(Date().timeIntervalSince1970) * 1_000_000_000))
                    .text
            ),
            ("dated 2 June 2025", "2025-06-02T09:00:00+07:00"),
        ]
        var loaded = [[(queries: HTTPLoad.Result, ingest: HTTPLoad.Result)]](repeating: [], count: ingests.count)
        for run in 0..<city.runs {
            let server = try ServerProcess(arguments: ServerProcess.serving(store))
            defer { server.stop() }
            let queries = HTTPLoad(
                port: server.port, method: .GET, path: { _, request in Self.queries[request % Self.queries.count] },
                token: monitor, clients: 1, seconds: seconds, expectedStatus: 200, body: { _, _ in [] })
            var once = queries
            once.seconds = 0
            let started = ContinuousClock.now
            let answer = try await once.run()
            guard answer.failed == 0 else { throw CommandFailure("GET /v1/kpi: \(answer.firstFailure ?? "")") }
            let elapsed = (ContinuousClock.now - started).components
            first.append(Double(elapsed.seconds) * 1e3 + Double(elapsed.attoseconds) / 1e15)
            alone.append(try await queries.run())
            try check(alone.last!)
            guard clients > 0 else { continue }
            for (index, (_, occurredAt)) in ingests.enumerated() {
                let ingest = HTTPLoad(
                    port: server.port, token: center, clients: clients, seconds: seconds,
                    body: Bench.dossierEvents(batch: 1, run: run * ingests.count + index, at: occurredAt))
                async let reads = queries.run()
                let writes = try await ingest.run()
                loaded[index].append((try await reads, writes))
                try check(loaded[index].last!.queries)
                try check(writes)
            }
            server.stop()
        }
        rows.append([
            "GET /v1/kpi, first after start", String(format: "%.1f ms", Bench.median(first)), "≤ 50 ms",
        ])
        let p50 = Bench.median(alone.map { $0.latency(0.5) })
        let p99 = Bench.median(alone.map { $0.latency(0.99) })
        rows.append([
            "GET /v1/kpi, \(Self.queries.count) queries in turn", String(format: "p50 %.1f ms, p99 %.1f ms", p50, p99),
            "—",
        ])
        for (index, (label, _)) in ingests.enumerated() where clients > 0 {
            let p50 = Bench.median(loaded[index].map { $0.queries.latency(0.5) })
            let p99 = Bench.median(loaded[index].map { $0.queries.latency(0.99) })
            let rate = Bench.median(loaded[index].map { Double($0.ingest.succeeded) / $0.ingest.seconds })
            rows.append([
                "GET /v1/kpi, the same, \(clients) clients posting events \(label) (\(Bench.format(rate)) events/s)",
                String(format: "p50 %.1f ms, p99 %.1f ms", p50, p99), "p99 ≤ 5 ms at 10M events",
            ])
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(
                zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
        }
    }

    /// A new token of `role` for `store`.
    private func token(_ role: [String], store: String, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("token").path
        _ = try BenchIngestCommand.motcua(["token", "create", "--db", store] + role, stdout: file)
        return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
