import MotCuaDomain
import MotCuaProjections
import MotCuaStore
import Prometheus

/// The server's Prometheus metrics, in a registry of its own (so that several servers in one process,
/// as in tests, never mix their figures).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let appendDuration: DurationHistogram
    let batchEvents: ValueHistogram
    let commitEvents: ValueHistogram
    let commitBatches: ValueHistogram
    let commitDuration: DurationHistogram
    let projectionLag: Gauge
    let logHead: Gauge

    init() {
        appendDuration = registry.makeDurationHistogram(
            descriptor: Self.name(
                "append_duration", "seconds",
                "Time from a batch's arrival at the writer to its durable commit (or refusal)"),
            buckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                .seconds(5),
            ])
        batchEvents = registry.makeValueHistogram(
            descriptor: Self.name("append_batch", "events", "Events per accepted POST /v1/events batch"),
            buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000])
        commitEvents = registry.makeValueHistogram(
            descriptor: Self.name("commit", "events", "Events appended per group commit of the writer"),
            buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 20000])
        commitBatches = registry.makeValueHistogram(
            descriptor: Self.name("commit", "batches", "Batches (requests) taken into one group commit"),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256])
        commitDuration = registry.makeDurationHistogram(
            descriptor: Self.name("commit_duration", "seconds", "One group commit, from BEGIN to durable COMMIT"),
            buckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            ])
        projectionLag = registry.makeGauge(
            descriptor: Self.name("projection_lag", "events", "Log events not yet folded into the KPI projection"))
        logHead = registry.makeGauge(descriptor: Self.name("log_head", "position", "The last position of the log"))
    }

    /// Records one group commit of the writer.
    func commit(_ statistics: CommitStatistics) {
        commitEvents.record(Double(statistics.appended))
        commitBatches.record(Double(statistics.batches))
        commitDuration.record(statistics.duration)
    }

    /// `motcua_<metric>_<unit>` with its help text.
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "motcua", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one answered request by route pattern and status.
    func request(method: String, route: String, status: Int) {
        registry.makeCounter(
            descriptor: Self.name(
                "http_requests", "total", "HTTP requests answered, by method, route pattern and status"),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
    }

    /// Counts appended events by type.
    func appended(_ type: EventType, count: Int) {
        registry.makeCounter(
            descriptor: Self.name("events_appended", "total", "Events appended through the API, by type"),
            labels: [("type", type.rawValue)]
        ).increment(by: Int64(count))
    }

    /// Publishes the current report period's rates per agency as gauges.
    func publish(_ report: KPIReport) {
        for group in report.groups {
            for (name, rate) in group.counts.rates {
                guard let rate else { continue }
                registry.makeGauge(
                    descriptor: Self.name(
                        "kpi", "rate", "KPI rates (0..1) per agency for the current report period, evaluated now"),
                    labels: [("period", report.query.period.label), ("agency", group.key), ("rate", name)]
                ).set(rate)
            }
        }
    }
}
