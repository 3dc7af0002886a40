import ArgumentParser
import Foundation
import MotCuaDomain

/// `motcua check FILE...`: validates NDJSON logs against every rule, storing nothing.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate NDJSON event logs against every rule without storing anything.",
        discussion: """
            Files are read in order as one log; each line is one event (blank lines are skipped). \
            Exit 0 with a one-line summary, or exit 1 listing every error (file:line, event id, field, rule) \
            on stderr. A refused event is left out, as a store would refuse it, and checking goes on.
            """)

    @Argument(help: "NDJSON files, - for stdin.")
    var files: [String]

    @Option(help: "The server clock for the 5-minute future rule (RFC 3339); default: now.")
    var now: String?

    @Option(help: "Stop after this many errors (0: list them all).")
    var maxErrors: Int = 0

    @OptionGroup var calendar: CalendarOptions

    func validate() throws {
        if let now { _ = try parseTimestamp(now, option: "--now") }
        guard maxErrors >= 0 else { throw ValidationError("--max-errors must not be negative") }
    }

    func run() throws {
        let clock =
            try now.map { try parseTimestamp($0, option: "--now").instant }
            ?? Instant(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
        var validator = LogValidator(calendar: try calendar.load())
        // About 200 bytes an event: the id table is sized once instead of growing through every power of two.
        let sizes = files.map { path in
            (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).flatMap { $0 } ?? 0
        }
        validator.reserveCapacity(events: sizes.reduce(0, +) / 200)
        var events = 0
        var duplicates = 0
        var errors = 0
        var byType: [EventType: Int] = [:]
        let standardError = FileHandle.standardError
        func report(_ location: String, _ text: String) {
            errors += 1
            standardError.write(Data("\(location): \(text)\n".utf8))
        }
        files: for path in files {
            let reader = try LineReader(path: path)
            while true {
                let line: [UInt8]
                do {
                    guard let next = try reader.nextEventLine() else { break }
                    line = next
                } catch {
                    report("\(path):\(reader.lineNumber + 1)", "line longer than \(LineReader.maximumLineLength) bytes")
                    break files
                }
                let lineNumber = reader.lineNumber
                events += 1
                do {
                    let event = try EventEnvelope.decode(json: line)
                    let result = try validator.apply([event], now: clock)
                    if result == [.duplicate] {
                        duplicates += 1
                    } else {
                        byType[event.type, default: 0] += 1
                    }
                } catch let error as EventError {
                    report("\(path):\(lineNumber)", describe(error))
                } catch let error as LogValidator.BatchError {
                    report("\(path):\(lineNumber)", describe(error.error))
                }
                if maxErrors > 0, errors >= maxErrors { break files }
            }
        }
        if errors > 0 {
            throw CommandFailure("\(errors) invalid event(s) among \(events); nothing was stored")
        }
        var streams: [StreamKind: Int] = [:]
        for stream in validator.heads.keys { streams[stream.kind, default: 0] += 1 }
        let streamText = StreamKind.allCases.map { "\($0.rawValue) \(streams[$0, default: 0])" }.joined(separator: ", ")
        let typeText = EventType.allCases.compactMap { type in byType[type].map { "\(type.rawValue) \($0)" } }
            .joined(separator: ", ")
        print(
            "ok: \(events) events (\(duplicates) duplicates) in \(validator.heads.count) streams (\(streamText)); "
                + "by type: \(typeText.isEmpty ? "none" : typeText)")
    }
}
