import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaProjections
import MotCuaStore

/// `motcua import FILE...`: appends NDJSON events (interchange or recorded form) to the store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append NDJSON events to the store, in batches; an export re-imports with the same hashes.",
        discussion: """
            Each line is an interchange event or a recorded event from `motcua export` (which keeps its \
            position, recordedAt and hash). Events already present (same id, same content) are counted, not \
            appended again. On an invalid event the import stops with exit 1, naming the line, the event id \
            and the rule: nothing of that batch is stored; earlier batches stay.
            """)

    @Argument(help: "NDJSON files, - for stdin.")
    var files: [String]

    @OptionGroup var store: StoreOptions

    @Option(help: "Events per batch (one transaction each, at most).")
    var batchSize = 2_000

    @OptionGroup var calendar: CalendarOptions

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1…100000") }
    }

    func run() async throws {
        let workingCalendar = try calendar.load()
        let log = try await store.open(calendar: workingCalendar)
        var tally = Tally()
        let progress = isatty(STDERR_FILENO) == 1
        var inFlight: (task: Task<[AppendResult], any Error>, batch: Batch)?
        var batch = Batch()
        // The KPI projection at the log's head, then folded from the events as they are appended (while
        // the writer commits the next batch), instead of reading the log back afterwards.
        var (projection, advanced) = try await Projector.load(log, calendar: workingCalendar)
        var inStep = true

        func submit() async throws {
            if let previous = inFlight {
                inFlight = nil
                let results = try await tally.await(previous.task, lines: previous.batch.lines)
                for (event, result) in zip(previous.batch.events, results) where !result.alreadyPresent {
                    // Another writer's events in between: read the log back at the end instead.
                    inStep = inStep && result.position == projection.position + 1
                    if inStep { projection.apply(event, position: result.position) }
                }
                if progress { FileHandle.standardError.write(Data("\r\(tally.total) events…".utf8)) }
            }
            guard !batch.lines.isEmpty else { return }
            let appendBatch = batch.appendBatch
            inFlight = (Task { try await log.append(appendBatch) }, batch)
            batch = Batch()
        }

        do {
            for path in files {
                let reader = try LineReader(path: path)
                while let line = try reader.nextEventLine() {
                    let location = Location(path: path, line: reader.lineNumber)
                    let decoded: ImportLine
                    do {
                        decoded = try ImportLine.decode(line)
                    } catch {
                        throw tally.failure("\(location): \(describe(error))")
                    }
                    if !batch.accepts(decoded) || batch.lines.count >= batchSize { try await submit() }
                    batch.add(decoded, at: location)
                }
            }
            try await submit()
            try await submit()
        } catch let error as LineReader.LineTooLong {
            _ = error
            throw tally.failure("a line is longer than \(LineReader.maximumLineLength) bytes")
        }
        if progress { FileHandle.standardError.write(Data("\r".utf8)) }
        print("imported: \(tally.appended) appended, \(tally.present) already present")
        // Keep the KPI projection in step with the log it was just given.
        if tally.appended > 0 || advanced {
            if !inStep {
                (projection, _) = try await Projector.load(log, calendar: workingCalendar)
            }
            try await Projector.save(projection, to: log)
        }
    }

    /// Where a line came from; written out only when an error names it.
    struct Location: CustomStringConvertible {
        let path: String
        let line: Int
        var description: String { "\(path):\(line)" }
    }

    /// The events of one batch and the lines they came from.
    struct Batch {
        var events: [EventEnvelope] = []
        var origins: [RecordedOrigin] = []
        var lines: [Location] = []

        /// Interchange and recorded events go in separate batches.
        func accepts(_ line: ImportLine) -> Bool {
            switch line {
            case .event: origins.isEmpty
            case .recorded: origins.count == events.count
            }
        }

        mutating func add(_ line: ImportLine, at location: Location) {
            switch line {
            case .event(let event):
                events.append(event)
            case .recorded(let event, let origin):
                events.append(event)
                origins.append(origin)
            }
            lines.append(location)
        }

        var appendBatch: AppendBatch {
            origins.isEmpty ? AppendBatch(events) : AppendBatch(recorded: Array(zip(events, origins)))
        }
    }

    /// What was appended so far, and the failure message that says so.
    struct Tally {
        var appended = 0
        var present = 0
        var total: Int { appended + present }

        mutating func await(_ task: Task<[AppendResult], any Error>, lines: [Location]) async throws
            -> [AppendResult]
        {
            do {
                let results = try await task.value
                for result in results {
                    if result.alreadyPresent { present += 1 } else { appended += 1 }
                }
                return results
            } catch let error as EventStoreError {
                let location =
                    error.index.map { "\(lines[$0])" }
                    ?? "\(lines.first.map(String.init(describing:)) ?? "?")…\(lines.last.map(String.init(describing:)) ?? "?")"
                let what = error.eventError.map(describe) ?? error.message
                throw failure("\(location): \(what)")
            }
        }

        func failure(_ what: String) -> CommandFailure {
            CommandFailure(
                "\(what)\nnothing of that batch was stored; \(appended) events appended before it, \(present) already "
                    + "present")
        }
    }
}

/// `event ID: field F: message [rule]`, the way every command reports a refused event.
func describe(_ error: EventError) -> String {
    "event \(error.eventID.map(String.init(describing:)) ?? "?"): " + (error.field.map { "field \($0): " } ?? "")
        + "\(error.message) [\(error.code)]"
}
