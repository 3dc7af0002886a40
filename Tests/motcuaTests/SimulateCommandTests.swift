import Foundation
import MotCuaDomain
import MotCuaSimulation
import Testing

@Suite("motcua simulate")
struct SimulateCommandTests {
    static let now = "2026-01-01T00:00:00+07:00"

    /// `simulate` output for the given arguments, checked to have exited 0.
    static func simulate(_ arguments: [String]) async throws -> String {
        let result = try await CommandRunner.run(["simulate"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test("2000 dossiers pass check, with every kind of event a year brings")
    func validHistory() async throws {
        let output = try await Self.simulate(["--dossiers", "2000", "--seed", "7"])
        let check = try await CommandRunner.run(["check", "-", "--now", Self.now], stdin: Data(output.utf8))
        #expect(check.status == 0, "\(check.stderr.prefix(2000))")
        let summary = check.stdout
        for type in [
            "AgencyRegistered", "AgencySucceeded", "ProcedurePublished", "OnlineServiceChanged", "ProcedureRepealed",
            "DossierReceived", "ComponentsDigitized", "SupplementRequested", "SupplementProvided",
            "DossierTransferred", "ApologyIssued", "DossierProcessed", "ResultDigitized", "ResultReturned",
            "DossierWithdrawn", "DossierStopped", "DossierRated", "ComplaintReceived", "ComplaintTransferred",
            "ComplaintRejected", "ComplaintAnswered", "ComplaintPublished",
        ] {
            #expect(summary.contains(" \(type) "), "\(type) missing from \(summary)")
        }
        #expect(summary.contains("DossierReceived 2000,"), "\(summary)")
        #expect(summary.contains("ComplaintReceived 100,"), "\(summary)")
    }

    @Test("prints the simulator's events, each as its canonical JSON on a line of its own")
    func printsTheSimulatorsEvents() async throws {
        let output = try await Self.simulate([
            "--dossiers", "300", "--seed", "42", "--from", "2025-06-01", "--to", "2025-08-31",
        ])
        let simulator = CitySimulator(
            CitySimulator.Parameters(
                dossiers: 300, seed: 42, first: LocalDate(year: 2025, month: 6, day: 1)!,
                last: LocalDate(year: 2025, month: 8, day: 31)!),
            calendar: .builtIn)
        let expected = simulator.flatMap { $0.canonicalJSON + [UInt8(ascii: "\n")] }
        #expect(expected.count > 1000)
        #expect(Array(output.utf8) == expected)
    }

    @Test(
        "bad usage exits 2",
        arguments: [
            ["--dossiers", "0"], ["--dossiers=-5"], ["--dossiers", "10", "--complaints=-1"],
            ["--dossiers", "10", "--from", "2025-12-31", "--to", "2025-01-01"],
            ["--dossiers", "10", "--from", "2025-02-30"], ["--dossiers", "10", "--to", "yesterday"],
            ["--dossiers", "10", "--seed", "x"], [],
        ])
    func usage(arguments: [String]) async throws {
        let result = try await CommandRunner.run(["simulate"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
