import ArgumentParser

/// The simulated city a benchmark runs on, and how many times each measurement runs.
struct BenchCityOptions: ParsableArguments {
    @Option(help: "Dossiers of the simulated city (44000 give about 202,000 events, 218000 about a million).")
    var dossiers = 44_000

    @Option(help: "The simulation's seed.")
    var seed: UInt64 = 2025

    @Option(help: "Runs of each measurement; the median is reported.")
    var runs = 3

    func validate() throws {
        guard dossiers >= 1 else { throw ValidationError("--dossiers must be at least 1") }
        guard (1...99).contains(runs) else { throw ValidationError("--runs must be 1…99") }
    }

    /// Simulates the city into `path` and returns its number of events.
    func simulate(into path: String) throws -> Int {
        _ = try BenchIngestCommand.motcua(["simulate", "--dossiers", "\(dossiers)", "--seed", "\(seed)"], stdout: path)
        let lines = try BenchIngestCommand.countLines(path)
        print("city: \(lines) events (simulate --dossiers \(dossiers) --seed \(seed)); medians of \(runs) runs")
        return lines
    }
}
