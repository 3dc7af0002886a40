import Foundation

/// Runs the built `motcua` executable as a user would, capturing its exit status and output.
struct CommandRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `motcua` binary next to the test bundle in the build products directory.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("motcua")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/motcua")
    }()

    /// Runs `motcua arguments…` (or another executable) in `directory`, feeding `stdin` when given.
    ///
    /// The process is started and waited for on a thread of its own: blocking a thread of the cooperative
    /// pool (two on this machine) for the length of a command would starve the in-process servers that
    /// other tests run at the same time.
    static func run(
        _ arguments: [String], in directory: URL? = nil, stdin: Data? = nil, executable: URL = executable,
        prefix: [String] = []
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Swift.Result {
                        try runBlocking(
                            arguments, in: directory, stdin: stdin, executable: executable, prefix: prefix)
                    })
            }.start()
        }
    }

    private static func runBlocking(
        _ arguments: [String], in directory: URL?, stdin: Data?, executable: URL, prefix: [String]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = prefix + arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently with the process so that large outputs cannot block it.
        nonisolated(unsafe) var errData = Data()
        let errRead = DispatchSemaphore(value: 0)
        Thread {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errRead.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errRead.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
