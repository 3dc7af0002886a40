import ArgumentParser
import MotCuaDomain

/// `motcua period LABEL`: the first and last day of a reporting period (DOMAIN.md §5).
struct PeriodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "The first and last day of a period: 2025-Q1, 2025-H1, 2025-9M, 2025, 2025-03, A..B.")

    @Argument(help: "The period label.")
    var label: String

    @OptionGroup var basis: BasisOption

    func validate() throws {
        _ = try basis.period(label)
    }

    func run() throws {
        let period = try basis.period(label)
        print("\(period.first) \(period.last)")
    }
}

/// `--basis report|calendar`, shared by every command that takes a period.
struct BasisOption: ParsableArguments {
    @Option(name: .customLong("basis"), help: "report (cut-offs on the 14th, Decree 09/2019; default) or calendar.")
    var basis = ReportPeriod.Basis.report

    /// The period `label` on this basis, or a usage error that says what is accepted.
    func period(_ label: String) throws -> ReportPeriod {
        do {
            return try ReportPeriod(parsing: label, basis: basis)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
