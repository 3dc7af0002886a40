import ArgumentParser
import Foundation
import MotCuaSQLite

/// `motcua bench`: figures of this machine, each beside its baseline measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure this machine's figures beside their baselines.",
        subcommands: [BenchIngestCommand.self, BenchQueryCommand.self])
}

/// `motcua bench ingest`: `check` and `import` of a simulated city, end to end as a user runs them, and
/// the raw C-API insert of the same rows into the same schema with the same durability, and the HTTP API
/// under a native load.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest figures: check and import of a simulated city beside a raw SQLite insert.",
        discussion: """
            Simulates a city (`simulate --dossiers N --seed S`), then runs each measurement --runs times and \
            prints the median: `check` (decode and validate, one core), `import` into a fresh SQLite store \
            (batches of --batch-size, each a durable transaction, the KPI projection kept up to date), and \
            the raw C-API insert of the rows that import stored (events and streams rows, and events rows \
            alone) into a fresh store of the same schema (WAL, synchronous=FULL). Commands run as separate \
            processes of this binary, timed by wall clock. Then `serve` on a fresh SQLite store takes \
            --clients connections posting new dossiers for --http-seconds (single events, then batches of \
            100): events/s, p50/p99 latency and the writer's commit sizes from /metrics.
            """)

    @OptionGroup var city: BenchCityOptions

    @Option(help: "Events per import batch and rows per baseline transaction.")
    var batchSize = 10_000

    @Option(
        help: """
            A PostgreSQL server where this user may create databases (postgres://USER@HOST:PORT): also \
            import there, beside psql's \\copy of the same rows (databases motcua_bench_* are made and dropped).
            """)
    var postgres: String?

    @Option(help: "Seconds of each HTTP load run (0: no HTTP figures).")
    var httpSeconds = 8.0

    @Option(help: "Concurrent HTTP connections, each posting and waiting for its answer.")
    var clients = 32

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1…100000") }
        guard (0...3_600).contains(httpSeconds) else { throw ValidationError("--http-seconds must be 0…3600") }
        guard (1...1_000).contains(clients) else { throw ValidationError("--clients must be 1…1000") }
        if let postgres, !(postgres.hasPrefix("postgres://") || postgres.hasPrefix("postgresql://")) {
            throw ValidationError("--postgres must be a postgres:// URL of a server, got \(postgres)")
        }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("city.ndjson").path
        let lines = try city.simulate(into: log)

        var check: [Double] = []
        var imports: [Double] = []
        var raw: [Double] = []
        var rawEvents: [Double] = []
        for run in 0..<city.runs {
            check.append(try Self.motcua(["check", log, "--now", "2099-01-01T00:00:00+07:00"]))
            let store = directory.appendingPathComponent("import-\(run).sqlite").path
            imports.append(
                try Self.motcua(["import", log, "--db", "sqlite:\(store)", "--batch-size", "\(batchSize)"]))
            let baseline = directory.appendingPathComponent("raw-\(run).sqlite").path
            let (rows, seconds) = try SQLiteBaseline.rawInsert(
                from: store, into: baseline, batch: batchSize, streams: true)
            guard rows == lines else { throw CommandFailure("import stored \(rows) of \(lines) events") }
            raw.append(seconds)
            let eventsOnly = directory.appendingPathComponent("raw-events-\(run).sqlite").path
            rawEvents.append(
                try SQLiteBaseline.rawInsert(from: store, into: eventsOnly, batch: batchSize, streams: false).1)
        }
        var pgImports: [Double] = []
        var pgCopies: [Double] = []
        if let server = postgres?.trimmingCharacters(in: CharacterSet(charactersIn: "/")) {
            let rowsFile = directory.appendingPathComponent("rows.csv").path
            for _ in 0..<city.runs {
                try Self.psql(server, "postgres", "DROP DATABASE IF EXISTS motcua_bench_import")
                try Self.psql(server, "postgres", "CREATE DATABASE motcua_bench_import")
                pgImports.append(
                    try Self.motcua([
                        "import", log, "--db", "\(server)/motcua_bench_import", "--batch-size", "\(batchSize)",
                    ]))
                try Self.psql(
                    server, "motcua_bench_import",
                    "\\copy (SELECT position, id, stream, version, type, occurred_at, recorded_at, event, hash FROM "
                        + "events ORDER BY position) TO '\(rowsFile)' WITH (FORMAT csv)")
                try Self.psql(server, "postgres", "DROP DATABASE IF EXISTS motcua_bench_copy")
                try Self.psql(server, "postgres", "CREATE DATABASE motcua_bench_copy")
                _ = try Self.motcua(["verify", "--db", "\(server)/motcua_bench_copy"])  // the same schema
                pgCopies.append(
                    try Self.psql(
                        server, "motcua_bench_copy",
                        "\\copy events (position, id, stream, version, type, occurred_at, recorded_at, event, hash) "
                            + "FROM '\(rowsFile)' WITH (FORMAT csv)"))
            }
            try Self.psql(server, "postgres", "DROP DATABASE motcua_bench_import")
            try Self.psql(server, "postgres", "DROP DATABASE motcua_bench_copy")
        }
        let rate = { (seconds: [Double]) in Double(lines) / Self.median(seconds) }
        var rows: [[String]] = [
            ["figure", "MotCua", "baseline, same run", "ratio", "target"],
            [
                "check (decode + validate)", "\(Self.format(rate(check))) lines/s", "—", "—",
                "≥ 1,000,000 lines/s",
            ],
            [
                "import, SQLite, batches of \(batchSize)", "\(Self.format(rate(imports))) events/s",
                "raw C-API insert, events and streams rows: \(Self.format(rate(raw))) events/s",
                String(format: "%.2f×", Self.median(raw) / Self.median(imports)),
                "≥ 200,000 events/s and ≥ 0.5×",
            ],
            [
                "import, SQLite, batches of \(batchSize)", "\(Self.format(rate(imports))) events/s",
                "raw C-API insert, events rows alone: \(Self.format(rate(rawEvents))) rows/s",
                String(format: "%.2f×", Self.median(rawEvents) / Self.median(imports)), "(for reference)",
            ],
        ]
        if !pgImports.isEmpty {
            rows.append([
                "import, PostgreSQL, batches of \(batchSize)", "\(Self.format(rate(pgImports))) events/s",
                "psql \\copy: \(Self.format(rate(pgCopies))) rows/s",
                String(format: "%.2f×", Self.median(pgCopies) / Self.median(pgImports)), "≥ 0.6×",
            ])
        }
        var commitLines: [String] = []
        if httpSeconds > 0 {
            for (batch, label, target) in [
                (1, "single events", "≥ 15,000 events/s"), (100, "batches of 100", "≥ 100,000 events/s"),
            ] {
                let figure = try await httpFigure(batch: batch, in: directory)
                let middle = figure.eventsPerSecond.indices.sorted {
                    figure.eventsPerSecond[$0] < figure.eventsPerSecond[$1]
                }[
                    figure.eventsPerSecond.count / 2]
                rows.append([
                    "HTTP, SQLite, \(clients) clients, \(label)",
                    "\(Self.format(figure.eventsPerSecond[middle])) events/s",
                    String(format: "p50 %.1f ms, p99 %.1f ms", figure.p50[middle], figure.p99[middle]), "—", target,
                ])
                commitLines.append("group commits, \(label) (median run): \(figure.commits[middle])")
            }
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(
                zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
        }
        print(
            "seconds: check \(Self.list(check)); import \(Self.list(imports)); raw insert \(Self.list(raw)); events rows alone \(Self.list(rawEvents))"
        )
        if !pgImports.isEmpty {
            print("seconds: PostgreSQL import \(Self.list(pgImports)); \\copy \(Self.list(pgCopies))")
        }
        for line in commitLines { print(line) }
    }

    /// Runs this binary with `arguments` (stdout to a file or discarded) and returns the wall seconds.
    static func motcua(_ arguments: [String], stdout path: String? = nil) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        if let path {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        let seconds = try timed(process)
        guard process.terminationStatus == 0 else {
            throw CommandFailure("motcua \(arguments.joined(separator: " ")) failed (\(process.terminationStatus))")
        }
        return seconds
    }

    /// Runs `process` to its end and returns the wall seconds it took.
    static func timed(_ process: Process) throws -> Double {
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Runs `psql` on one database of `server` with one command, and returns the wall seconds.
    @discardableResult
    static func psql(_ server: String, _ database: String, _ command: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "\(server)/\(database)", "-v", "ON_ERROR_STOP=1", "-qc", command]
        var environment = ProcessInfo.processInfo.environment
        environment["PGOPTIONS"] = "-c client_min_messages=warning"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let seconds = try timed(process)
        guard process.terminationStatus == 0 else { throw CommandFailure("psql \(command) failed") }
        return seconds
    }

    static func countLines(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// `123,456`.
    static func format(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }

    static func list(_ values: [Double]) -> String { values.map { String(format: "%.3f", $0) }.joined(separator: " ") }
}
