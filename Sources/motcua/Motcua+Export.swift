import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaStore

/// `motcua export`: the recorded log as NDJSON, in position order (docs/hash-chain.md).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the recorded log as NDJSON (position, stream, version, recordedAt, event, hash).")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only events after this position.")
    var after: Int64 = 0

    @Option(name: .shortAndLong, help: "Output file (default: standard output).")
    var output = "-"

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after must not be negative") }
    }

    func run() async throws {
        let log = try await store.open(calendar: .builtIn)
        let sink = try OutputFile(path: output)
        var position = after
        while true {
            let page = try await log.read(after: position, limit: 10_000)
            guard let last = page.last else { break }
            for record in page { sink.writeLine(record.exportLine) }
            position = last.position
        }
        try sink.close()
    }
}

/// A buffered output file, or standard output for `-`, written a line at a time. Lines reach the C library
/// 64 KiB at a time: its own buffer is a page, which would cost a system call every 4 KiB.
final class OutputFile {
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    private var buffer: [UInt8] = []
    private static let bufferBytes = 1 << 16

    init(path: String) throws {
        self.path = path
        if path == "-" {
            guard let out = fdopen(STDOUT_FILENO, "wb") else { throw CommandFailure("cannot write standard output") }
            file = out
        } else {
            guard let out = fopen(path, "wb") else {
                throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            file = out
        }
        buffer.reserveCapacity(OutputFile.bufferBytes + 4096)
    }

    /// Writes `bytes` and a line feed.
    func writeLine(_ bytes: [UInt8]) {
        buffer += bytes
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= OutputFile.bufferBytes { flushBuffer() }
    }

    /// Hands the buffer to the C library, which writes a block this large at once.
    private func flushBuffer() {
        buffer.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flushBuffer()
        guard fflush(file) == 0, ferror(file) == 0 else { throw CommandFailure("cannot write \(path)") }
        if path != "-" { fclose(file) }
    }
}
