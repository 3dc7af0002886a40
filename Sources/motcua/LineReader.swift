import Foundation
import MotCuaDomain

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file (or stdin for `-`) line by line in fixed-size chunks, so that memory stays bounded
/// whatever the file's length.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private static let chunkSize = 1 << 20
    /// Longest line accepted: one event is far smaller.
    static let maximumLineLength = 4 << 20

    /// A line too long to be an event.
    struct LineTooLong: Error {}

    /// Opens `path`, or stdin for `-`.
    init(path: String) throws {
        if path == "-" {
            guard let standardInput = fdopen(STDIN_FILENO, "rb") else {
                throw CommandFailure("cannot read standard input")
            }
            file = standardInput
            ownsFile = false
        } else {
            guard let opened = fopen(path, "rb") else {
                throw CommandFailure("cannot open \(path): \(String(cString: strerror(errno)))")
            }
            file = opened
            ownsFile = true
        }
    }

    deinit {
        if ownsFile { fclose(file) }
    }

    /// Number of the last line returned, from 1.
    private(set) var lineNumber = 0

    /// The next line that is not blank (an event line), or `nil` at the end of the file; `lineNumber`
    /// says which line it was.
    func nextEventLine() throws -> [UInt8]? {
        while let line = try nextLine() {
            if let event = NDJSON.event(in: line) { return Array(event) }
        }
        return nil
    }

    /// The next line without its `\n`, or `nil` at the end of the file.
    func nextLine() throws -> ArraySlice<UInt8>? {
        let line = try readLine()
        if line != nil { lineNumber += 1 }
        return line
    }

    private func readLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            guard buffer.count - start <= LineReader.maximumLineLength else { throw LineTooLong() }
            buffer.removeSubrange(0..<start)
            start = 0
            let oldCount = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: LineReader.chunkSize))
            let read = buffer.withUnsafeMutableBufferPointer { pointer in
                fread(pointer.baseAddress! + oldCount, 1, LineReader.chunkSize, file)
            }
            buffer.removeSubrange((oldCount + read)...)
            if read < LineReader.chunkSize { atEnd = true }
        }
    }
}
