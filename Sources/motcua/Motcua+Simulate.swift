import ArgumentParser
import MotCuaDomain
import MotCuaSimulation

/// `motcua simulate`: a realistic, valid synthetic history of a Hanoi-like city as NDJSON.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a valid synthetic history (catalogue, dossiers, complaints) as NDJSON on stdout.",
        discussion: """
            The same arguments give the same bytes (a seeded SplitMix64 generator; no clock). Events are \
            canonical interchange events in non-decreasing occurredAt order, none after --to 23:59:59+07:00; \
            memory grows with the dossiers open at once, not with --dossiers.
            """)

    @Option(help: "Number of dossiers received over the range (at least 1).")
    var dossiers: Int

    @Option(help: "Number of complaints received over the range (default: dossiers / 20).")
    var complaints: Int?

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(help: "First day of the history, YYYY-MM-DD.")
    var from = "2025-01-01"

    @Option(help: "Last day of the history, YYYY-MM-DD.")
    var to = "2025-12-31"

    /// Dates the calendar and the timestamps handle comfortably.
    static let years = 2000...2099

    func validate() throws {
        guard dossiers >= 1 else { throw ValidationError("--dossiers must be at least 1, got \(dossiers)") }
        if let complaints, complaints < 0 {
            throw ValidationError("--complaints must not be negative, got \(complaints)")
        }
        _ = try range()
    }

    func run() throws {
        let (first, last) = try range()
        let simulator = CitySimulator(
            CitySimulator.Parameters(dossiers: dossiers, complaints: complaints, seed: seed, first: first, last: last),
            calendar: .builtIn)
        let output = try OutputFile(path: "-")
        for event in simulator { output.writeLine(event.canonicalJSON) }
        try output.close()
    }

    /// `--from` and `--to` as dates, or a usage error.
    private func range() throws -> (LocalDate, LocalDate) {
        let first = try parseDate(from, argument: "--from")
        let last = try parseDate(to, argument: "--to")
        guard first <= last else { throw ValidationError("--from \(from) is after --to \(to)") }
        guard Self.years.contains(first.year), Self.years.contains(last.year) else {
            throw ValidationError(
                "--from and --to must be in the years \(Self.years.lowerBound)–\(Self.years.upperBound)")
        }
        return (first, last)
    }
}
