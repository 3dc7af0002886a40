import ArgumentParser
import Foundation
import Logging
import MotCuaDomain
import MotCuaSQLite
import MotCuaServer
import MotCuaSimulation
import MotCuaStore

/// `motcua serve`: configures the HTTP API of `MotCuaServer` and runs it until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and the dashboard.",
        discussion: """
            Stops on SIGINT or SIGTERM after finishing the requests in flight (their commits included) and \
            checkpointing the KPI projection (and, with --signing-key, signing the log's last checkpoint). With --demo, an empty store is first filled with a simulated city \
            (2025) and an admin token is printed; KPIs are then public.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Flag(help: "Fill an empty store with a simulated city and print an admin token (implies --public-kpi).")
    var demo = false

    @Option(help: "Dossiers the demo city receives in 2025.")
    var demoDossiers = 20_000

    @Flag(help: "Serve KPIs, the dashboard's data and metrics without a token (KPI results are public by law).")
    var publicKPI = false

    @Option(
        help: """
            A private key file from `motcua key create`: sign a checkpoint of the log's Merkle tree when it has \
            grown (at most every 5 seconds) and at shutdown; GET /v1/checkpoint serves the latest.
            """)
    var signingKey: String?

    @Option(help: "Requests a second each token may make (bursts of --token-burst); 0: no limit. Beyond: 429.")
    var tokenRate = 100.0

    @Option(help: "Requests a token may make at once before --token-rate applies.")
    var tokenBurst = 200

    @Option(help: "Most POST /v1/events handled at once; beyond: 503 with Retry-After, before the body is read.")
    var maximumAppends = 64

    @OptionGroup var calendar: CalendarOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard tokenRate >= 0, tokenRate.isFinite else { throw ValidationError("--token-rate must be 0 or more") }
        guard tokenBurst >= 1 else { throw ValidationError("--token-burst must be at least 1") }
        guard maximumAppends >= 1 else { throw ValidationError("--maximum-appends must be at least 1") }
        guard demoDossiers >= 1 else { throw ValidationError("--demo-dossiers must be at least 1") }
    }

    func run() async throws {
        var logger = Logger(label: "motcua")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let workingCalendar = try calendar.load()
        let signer = try signingKey.map { try SignedNote.Signer(try String(contentsOfFile: $0, encoding: .utf8)) }
        let log = try await store.open(calendar: workingCalendar)
        if demo { try await fillDemo(log, calendar: workingCalendar) }
        var configuration = ServerConfiguration(calendar: workingCalendar, clock: SystemClock.now)
        configuration.host = host
        configuration.port = port
        configuration.publicKPI = publicKPI || demo
        configuration.signer = signer
        configuration.tokenRequestsPerSecond = tokenRate > 0 ? tokenRate : nil
        configuration.tokenBurst = tokenBurst
        configuration.maximumConcurrentAppends = maximumAppends
        let server = try await MotCuaServer(store: log, configuration: configuration)
        let host = self.host
        try await server.run(logger: logger) { port in
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)/\n".utf8))
        }
    }

    /// Fills an empty store with a simulated 2025 and prints an admin token; leaves any other alone.
    private func fillDemo(_ log: any EventStore, calendar: WorkingCalendar) async throws {
        guard try await log.head().position == 0 else {
            FileHandle.standardOutput.write(
                Data("demo: the store already has events; nothing added (make a token with motcua token create)\n".utf8)
            )
            return
        }
        let simulator = CitySimulator(
            CitySimulator.Parameters(
                dossiers: demoDossiers, seed: 2025, first: LocalDate(year: 2025, month: 1, day: 1)!,
                last: LocalDate(year: 2025, month: 12, day: 31)!),
            calendar: calendar)
        var events: [EventEnvelope] = []
        events.reserveCapacity(5_000)
        for event in simulator {
            events.append(event)
            if events.count == 5_000 {
                _ = try await log.append(AppendBatch(events))
                events.removeAll(keepingCapacity: true)
            }
        }
        if !events.isEmpty { _ = try await log.append(AppendBatch(events)) }
        let (secret, token) = AccessToken.issue(
            role: .admin, agencies: [], at: Timestamp(utcMicroseconds: SystemClock.now()))
        try await log.insert(token)
        let lines = [
            "demo: \(try await log.head().position) simulated events of 2025 added",
            "demo: admin token (shown once): \(secret)",
            "demo: dashboard at http://\(host):\(port == 0 ? "<port>" : String(port))/?period=2025",
        ]
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
