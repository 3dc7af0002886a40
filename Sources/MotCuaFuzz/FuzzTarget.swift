import MotCuaDomain
import MotCuaProjections
import MotCuaStore

/// One decoder of outside bytes, with the properties that must hold for whatever it is given.
///
/// A target must return for every input: a thrown error is an answer, a trap (overflow, index out of
/// range, a failed `precondition` below) is a finding. Inputs that decode are pushed further (re-encoded,
/// validated, folded, reported on) so that values which pass a decoder cannot trap what comes after it.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// An interchange event line (`check`, `import`, `POST /v1/events`).
    case eventLine = "event-line"
    /// A recorded event line of an export (`import`).
    case recordedLine = "recorded-line"
    /// A `--calendar` notice file.
    case noticeFile = "notice-file"
    /// A period label and the KPI query parameters of `GET /v1/kpi`, one `name=value` per line.
    case kpiQuery = "kpi-query"
    /// A stream's stored state (`streams.state` on SQLite, `stream_heads.state` on PostgreSQL).
    case streamHead = "stream-head"
    /// A stored KPI checkpoint (`projection_checkpoints.state`).
    case snapshot = "snapshot"

    func run(_ bytes: [UInt8]) {
        switch self {
        case .eventLine: Self.eventLine(bytes)
        case .recordedLine: Self.recordedLine(bytes)
        case .noticeFile: Self.noticeFile(bytes)
        case .kpiQuery: Self.kpiQuery(bytes)
        case .streamHead: Self.streamHead(bytes)
        case .snapshot: Self.snapshot(bytes)
        }
    }

    private static func eventLine(_ bytes: [UInt8]) {
        guard let event = try? EventEnvelope.decode(json: bytes) else { return }
        let canonical = event.canonicalJSON
        guard let again = try? EventEnvelope.decode(json: canonical) else {
            preconditionFailure("the canonical form of a decoded event does not decode")
        }
        precondition(again == event && again.canonicalJSON == canonical, "canonical form is not a fixed point")
        fold(event)
    }

    private static func recordedLine(_ bytes: [UInt8]) {
        switch try? ImportLine.decode(bytes) {
        case .event(let event)?, .recorded(let event, _)?: fold(event)
        case nil: return
        }
    }

    /// Validates `event` after a small catalogue, folds it into a projection and reports on its quarter.
    private static func fold(_ event: EventEnvelope) {
        var validator = Seed.validator
        guard (try? validator.apply([event], now: Instant.eventRange.upperBound)) != nil else { return }
        var projection = Seed.projection
        projection.apply(event, position: projection.position + 1)
        let year = event.occurredAt.instant.vietnamDate.year
        for label in ["\(year)", "\(year)-Q4", "2000-01-01..2199-12-31"] {
            guard let period = try? ReportPeriod(parsing: label, basis: .report) else { continue }
            render(projection.report(KPIQuery(period: period, grouping: .agency)))
        }
    }

    private static func noticeFile(_ bytes: [UInt8]) {
        guard let notices = try? WorkingCalendar.notices(fromJSON: bytes) else { return }
        let calendar = WorkingCalendar.builtIn.adding(notices)
        for notice in notices {
            guard let first = LocalDate(year: notice.year, month: 1, day: 1),
                let last = LocalDate(year: notice.year, month: 12, day: 31)
            else { preconditionFailure("a notice's year has no 1 January") }
            precondition(calendar.workingDays(after: first, through: last) <= 366)
            let due = Deadlines.due(receivedAt: Instant(vietnam: first), timeLimitDays: 30, calendar: calendar)
            precondition(due > Instant(vietnam: first))
            _ = calendar.specialDays(in: notice.year)
        }
    }

    private static func kpiQuery(_ bytes: [UInt8]) {
        var parameters: [String: String] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let text = String(decoding: line, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { continue }
            parameters[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        guard let query = try? KPIQuery(parameter: { parameters[$0] }) else { return }
        render(Seed.projection.report(query))
        _ = Seed.projection.overdueDossiers(heldBy: nil, at: query.evaluatedAt)
    }

    private static func streamHead(_ bytes: [UInt8]) {
        guard let head = try? StreamHeadCodec.decode(bytes) else { return }
        let encoded = StreamHeadCodec.encode(head)
        precondition((try? StreamHeadCodec.decode(encoded)) == head, "a stream state does not survive a round trip")
    }

    private static func snapshot(_ bytes: [UInt8]) {
        guard let snapshot = try? SnapshotCodec.decode(bytes) else { return }
        let encoded = SnapshotCodec.encode(snapshot)
        guard let again = try? SnapshotCodec.decode(encoded) else {
            preconditionFailure("an encoded checkpoint does not decode")
        }
        precondition(SnapshotCodec.encode(again) == encoded, "a checkpoint does not survive a round trip")
        let checkpoint = ProjectionCheckpoint(
            name: KPIProjection.checkpointName, version: KPIProjection.version, position: snapshot.position,
            state: bytes)
        guard let restored = try? KPIProjection(checkpoint: checkpoint, calendar: .builtIn) else { return }
        for label in ["2025", "2000-01-01..2199-12-31"] {
            guard let period = try? ReportPeriod(parsing: label, basis: .calendar) else { continue }
            render(restored.report(KPIQuery(period: period, grouping: .level)))
        }
        _ = restored.overdueDossiers(heldBy: nil, at: Instant.domainRange.upperBound)
    }

    private static func render(_ report: KPIReport) {
        _ = report.json
        _ = report.csv
        _ = report.table
    }
}
