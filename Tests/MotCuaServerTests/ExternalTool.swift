import Foundation

/// A program from outside the package that a test runs (Schemathesis, openapi-spec-validator): named by
/// an environment variable or found on PATH. CI installs each (`.ci/run`), and there a test whose tool
/// cannot be found fails instead of being skipped.
enum ExternalTool {
    /// Whether this is CI (`CI=true`), where every tool is required.
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The executable `variable` names, or `name` on PATH, or `nil`.
    static func locate(_ name: String, variable: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[variable] { return path }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a process on a thread of its own (never blocking the cooperative pool) and returns its
    /// exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                var environment = ProcessInfo.processInfo.environment
                environment["NO_COLOR"] = "1"
                process.environment = environment
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: output, as: UTF8.self)))
            }
            thread.start()
        }
    }
}
