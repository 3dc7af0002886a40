import ArgumentParser
import Foundation

/// The `motcua` command: one `@main` that dispatches to a file per subcommand.
@main
struct Motcua: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motcua",
        abstract: "MotCua: an event-sourced tracker for Vietnamese administrative procedures.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, ImportCommand.self, ExportCommand.self, VerifyCommand.self, ReplayCommand.self,
            KPICommand.self, KeyCommand.self, CheckpointCommand.self, ProofCommand.self, CalendarCommand.self,
            PeriodCommand.self, SimulateCommand.self, ServeCommand.self, TokenCommand.self, BenchCommand.self,
            BackupCommand.self,
        ]
    )

    /// Runs the command line; errors go to stderr with exit status 1, bad usage exits 2 (DESIGN.md).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// A failure the user can act on: printed as `Error: <message>`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
