import Foundation

/// The HTTP figures of `bench ingest`: `motcua serve` on a fresh SQLite store, loaded by `HTTPLoad`.
extension BenchIngestCommand {
    /// The catalogue the posted dossiers use: one agency and one procedure.
    static let benchCatalogue = """
        {"id":"5f0c6a3e-0c1d-4f7e-9a51-1a2b3c4d5e6f","type":"AgencyRegistered","occurredAt":"2025-01-02T08:00:00+07:00",\
        "data":{"agency":"BENCH","name":"Bench","level":"province"}}
        {"id":"6f0c6a3e-0c1d-4f7e-9a51-1a2b3c4d5e6f","type":"ProcedurePublished","occurredAt":"2025-01-02T08:00:00+07:00",\
        "data":{"procedure":"BENCH-P","name":"Bench","sector":"TP","field":"LLTP","timeLimitDays":10,\
        "writtenResult":true,"fullOnlineEligible":true}}

        """

    /// One HTTP figure: the median run's rate and latencies, and how full the writer's group commits were.
    struct HTTPFigure {
        var eventsPerSecond: [Double] = []
        var p50: [Double] = []
        var p99: [Double] = []
        var commits: [String] = []
    }

    /// Runs `clients` connections posting batches of `batch` new dossiers for `seconds`, `runs` times, each
    /// on a fresh store and server.
    func httpFigure(batch: Int, in directory: URL) async throws -> HTTPFigure {
        var figure = HTTPFigure()
        for run in 0..<city.runs {
            let store = "sqlite:" + directory.appendingPathComponent("http-\(batch)-\(run).sqlite").path
            let catalogue = directory.appendingPathComponent("catalogue.ndjson")
            try Data(Self.benchCatalogue.utf8).write(to: catalogue)
            _ = try Self.motcua(["import", catalogue.path, "--db", store])
            let tokenFile = directory.appendingPathComponent("token").path
            _ = try Self.motcua(
                ["token", "create", "--db", store, "--role", "center", "--agency", "BENCH"], stdout: tokenFile)
            let token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
            let server = try ServerProcess(arguments: ServerProcess.serving(store))
            defer { server.stop() }
            let load = HTTPLoad(
                port: server.port, token: token, clients: clients, seconds: httpSeconds,
                body: Self.dossierEvents(batch: batch, run: run))
            let result = try await load.run()
            guard result.failed == 0 else {
                throw CommandFailure(
                    "POST /v1/events: \(result.failed) requests failed; first: \(result.firstFailure ?? "")")
            }
            figure.eventsPerSecond.append(Double(result.succeeded * batch) / result.seconds)
            figure.p50.append(result.latency(0.5))
            figure.p99.append(result.latency(0.99))
            let metrics = try await load.get("/metrics")
            figure.commits.append(
                Self.commitSizes(metrics.body) + "\n    "
                    + Self.timeSplit(metrics.body, meanLatency: result.meanLatency))
            server.stop()
            _ = try Self.motcua(["verify", "--db", store])
        }
        return figure
    }

    /// Bodies of `[event, …]` with `batch` new `DossierReceived` events each; ids and dossier codes are
    /// unique per run, connection and request.
    static func dossierEvents(batch: Int, run: Int, at occurredAt: String = "2025-06-02T09:00:00+07:00")
        -> @Sendable (Int, Int) -> [UInt8]
    {
        { client, request in
            var out: [UInt8] = [UInt8(ascii: "[")]
            out.reserveCapacity(batch * 240)
            for item in 0..<batch {
                let serial = UInt64(request) * UInt64(batch) + UInt64(item)
                if item > 0 { out.append(UInt8(ascii: ",")) }
                out += Array(#"{"id":""#.utf8)
                hex(UInt64(run) << 16 | UInt64(client), digits: 8, into: &out)
                out += Array("-0000-4000-8000-".utf8)
                hex(serial, digits: 12, into: &out)
                out += Array(#"","type":"DossierReceived","occurredAt":""#.utf8)
                out += Array(occurredAt.utf8)
                out += Array(#"","data":{"dossier":"B"#.utf8)
                out += Array("\(run)-\(client)-\(serial)".utf8)
                out += Array(
                    #"","procedure":"BENCH-P","agency":"BENCH","channel":"online","applicant":"citizen"}}"#.utf8)
            }
            out.append(UInt8(ascii: "]"))
            return out
        }
    }

    private static func hex(_ value: UInt64, digits: Int, into out: inout [UInt8]) {
        let alphabet = Array("0123456789abcdef".utf8)
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            out.append(alphabet[Int((value >> UInt64(shift)) & 0xF)])
        }
    }

    /// Where a request's time went, on average: waiting for and inside the writer's group commit (from
    /// `/metrics`), and the rest (HTTP, decoding, answering, scheduling), against the client's mean latency.
    static func timeSplit(_ metrics: String, meanLatency: Double) -> String {
        func mean(_ name: String) -> Double? {
            var sum: Double?
            var count: Double?
            for line in metrics.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let value = Double(parts[1]) else { continue }
                if parts[0] == "\(name)_sum" { sum = value }
                if parts[0] == "\(name)_count" { count = value }
            }
            guard let sum, let count, count > 0 else { return nil }
            return sum / count * 1000
        }
        guard let append = mean("motcua_append_duration_seconds"),
            let commit = mean("motcua_commit_duration_seconds")
        else { return "request time: no writer figures in /metrics" }
        return String(
            format: "request time, mean %.2f ms: %.2f ms at the writer (queued, then its group's commit of %.2f ms on "
                + "average), %.2f ms elsewhere (HTTP, decoding, answering, scheduling)",
            meanLatency, append, commit, max(0, meanLatency - append))
    }

    /// `requests per group commit: mean 7.9; 1: 3%, ≤2: 5%, …` from the server's Prometheus text.
    static func commitSizes(_ metrics: String) -> String {
        var buckets: [(bound: String, count: Double)] = []
        var sum = 0.0
        var count = 0.0
        for line in metrics.split(separator: "\n") where line.hasPrefix("motcua_commit_batches") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[parts.count - 1]) else { continue }
            if let match = line.firstMatch(of: /_bucket\{le="([^"]+)"\}/) {
                buckets.append((String(match.1), value))
            } else if line.hasPrefix("motcua_commit_batches_sum") {
                sum = value
            } else if line.hasPrefix("motcua_commit_batches_count") {
                count = value
            }
        }
        guard count > 0 else { return "no group commits recorded" }
        var previous = 0.0
        var shares: [String] = []
        for (bound, cumulative) in buckets where cumulative > previous {
            shares.append("≤\(bound): \(Int((100 * (cumulative - previous) / count).rounded()))%")
            previous = cumulative
        }
        return String(format: "%.0f commits, mean %.1f requests each; ", count, sum / count)
            + shares.joined(separator: ", ")
    }
}

/// `motcua serve` as a child process on a free port, stopped with SIGTERM.
final class ServerProcess {
    let port: Int
    private let process = Process()
    private var stopped = false

    /// `serve` on `store` at a free port, without the per-token rate limit: the benchmarks measure what
    /// the server can take, and one token stands for every client.
    static func serving(_ store: String) -> [String] {
        ["serve", "--db", store, "--port", "0", "--token-rate", "0"]
    }

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { throw CommandFailure("motcua serve ended before listening") }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let match = text.firstMatch(of: /listening on http:\/\/[^:]+:(\d+)\//), let port = Int(match.1) else {
            throw CommandFailure("motcua serve printed \(text)")
        }
        self.port = port
    }

    /// Stops the server cleanly (SIGTERM) and waits for it; a second call does nothing.
    func stop() {
        guard !stopped else { return }
        stopped = true
        process.terminate()
        process.waitUntilExit()
    }
}
