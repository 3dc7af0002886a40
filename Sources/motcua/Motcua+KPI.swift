import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaProjections

/// `motcua kpi`: reads the maintained projection (catching it up and checkpointing it first).
struct KPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Print a KPI report from the maintained projection (the same report replay computes).")

    @OptionGroup var store: StoreOptions

    @OptionGroup var report: ReportOptions

    @Option(help: "Only this agency's dossiers and complaints.")
    var agency: String?

    func validate() throws {
        _ = try report.query(knownAt: nil, agency: agency)
    }

    func run() async throws {
        let calendar = try report.calendar.load()
        let log = try await store.open(calendar: calendar)
        let (projection, advanced) = try await Projector.load(log, calendar: calendar)
        if advanced { try await Projector.save(projection, to: log) }
        let query = try report.query(knownAt: nil, agency: agency)
        FileHandle.standardOutput.write(Data(report.render(projection.report(query)).utf8))
        // The process ends here: freeing a city's facts one by one would take a tenth of its run.
        _ = Unmanaged.passRetained(ProjectionKeptToExit(projection))
    }
}

/// Holds a projection that is never freed: `kpi` exits right after its report.
private final class ProjectionKeptToExit {
    let projection: KPIProjection

    init(_ projection: KPIProjection) {
        self.projection = projection
    }
}
