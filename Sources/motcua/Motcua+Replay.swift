import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaProjections
import MotCuaStore

/// `motcua replay`: rebuilds the KPIs from the log alone, ignoring any stored projection (for auditors).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild a KPI report from the log alone (NDJSON files or a store), ignoring any projection.",
        discussion: """
            With FILE arguments the log is read from NDJSON (interchange or recorded form) and checked against \
            every rule; otherwise from --db. --known-at counts only events recorded by then, so that the report \
            an agency sent on a past day is reproduced; it needs recorded times (a store or an export).
            """)

    @Argument(help: "NDJSON logs, - for stdin (default: the store of --db).")
    var files: [String] = []

    @OptionGroup var store: StoreOptions

    @OptionGroup var report: ReportOptions

    @Option(help: "Count only events recorded at or before this instant (RFC 3339, or a date: its end).")
    var knownAt: String?

    func validate() throws {
        if let knownAt { _ = try parseInstant(knownAt, option: "--known-at") }
    }

    func run() async throws {
        let calendar = try report.calendar.load()
        let query = try report.query(knownAt: knownAt, agency: nil)
        let knownAtInstant = try knownAt.map { try parseInstant($0, option: "--known-at") }
        var projection = KPIProjection(calendar: calendar)
        if files.isEmpty {
            try await Projector.fold(
                into: &projection, from: try await store.open(calendar: calendar), until: knownAtInstant)
        } else {
            try await replayFiles(into: &projection, calendar: calendar, knownAt: knownAtInstant)
        }
        FileHandle.standardOutput.write(Data(report.render(projection.report(query)).utf8))
    }

    /// Folds NDJSON files, checking every rule as a store would; recorded lines keep their positions.
    ///
    /// Lines are read in chunks and each chunk is decoded on every core; checking and folding then go
    /// through it in order, so that the first bad line (by its number) is the one reported.
    private func replayFiles(into projection: inout KPIProjection, calendar: WorkingCalendar, knownAt: Instant?)
        async throws
    {
        var validator = LogValidator(calendar: calendar)
        var position: Int64 = 0
        for path in files {
            let reader = try LineReader(path: path)
            var lines: [(number: Int, bytes: [UInt8])] = []
            repeat {
                lines.removeAll(keepingCapacity: true)
                while lines.count < Self.chunkLines, let line = try reader.nextEventLine() {
                    lines.append((reader.lineNumber, line))
                }
                let decoded = await ParallelMap.map(lines.map(\.bytes)) { bytes in
                    Result { () throws(EventError) in try ImportLine.decode(bytes) }
                }
                for ((number, _), line) in zip(lines, decoded) {
                    let event: EventEnvelope
                    let now: Instant
                    do {
                        switch try line.get() {
                        case .event(let plain):
                            guard knownAt == nil else {
                                throw CommandFailure(
                                    "\(path):\(number): --known-at needs recorded times; this line is an interchange "
                                        + "event without recordedAt (replay an export or a store instead)")
                            }
                            event = plain
                            now = Instant(nanoseconds: .max - StreamRules.futureToleranceNanoseconds)
                            position += 1
                        case .recorded(let recorded, let origin):
                            if let knownAt, origin.recordedAt.instant > knownAt { return }
                            guard origin.position == position + 1 else {
                                throw CommandFailure(
                                    "\(path):\(number): expected position \(position + 1), found \(origin.position)")
                            }
                            event = recorded
                            now = origin.recordedAt.instant
                            position = origin.position
                        }
                        if try validator.apply([event], now: now) == [.duplicate] {
                            position -= 1
                            continue
                        }
                    } catch let error as EventError {
                        throw CommandFailure("\(path):\(number): \(describe(error))")
                    } catch let error as LogValidator.BatchError {
                        throw CommandFailure("\(path):\(number): \(describe(error.error))")
                    }
                    projection.apply(event, position: position)
                }
            } while lines.count == Self.chunkLines
        }
    }

    /// Lines decoded together.
    static let chunkLines = 8192
}
