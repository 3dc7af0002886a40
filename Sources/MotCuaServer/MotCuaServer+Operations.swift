import Foundation
import Hummingbird
import Logging
import MotCuaDomain
import MotCuaProjections
import MotCuaStore
import Prometheus

extension MotCuaServer {
    func addOperationRoutes(to router: Router<ServerContext>) {
        router.get("/health") { _, _ in try await health() }
        router.get("/metrics") { _, context in try await metricsText(context) }
        router.get("/openapi.yaml") { _, _ in openAPI.response }
        router.get("/") { _, _ in dashboard.page }
        router.get("/dashboard/:file") { _, context in
            guard let response = dashboard.response(context.parameters.get("file") ?? "") else {
                throw Problem.notFound("the dashboard has no such file")
            }
            return response
        }
    }

    /// GET /health: the store answers, and how far the projection lags behind the log; 503 while the store
    /// does not answer, or while appends fail (saying why: reads are still served).
    func health() async throws -> HealthResponse {
        let head: LogHead
        do {
            head = try await store.head()
        } catch {
            throw Problem.storeUnavailable("the store does not answer")
        }
        if let failure = writeHealth.current {
            var problem = Problem(
                .serviceUnavailable, code: .appendsFailing, title: "Appends failing",
                detail: "appends have failed since \(failure.since.vietnamRFC3339): \(failure.reason); reads are "
                    + "served, and appends resume by themselves once the store accepts them (head \(head.position))")
            problem.headers[.retryAfter] = "5"
            throw problem
        }
        let folded = await live.position
        return HealthResponse(
            status: "ok", head: head.position, projection: folded, lag: max(0, head.position - folded))
    }

    /// GET /metrics: Prometheus text, with the log head, the projection lag and the current report
    /// period's rates per agency refreshed at each scrape.
    func metricsText(_ context: ServerContext) async throws -> Response {
        try requireKPIReader(context, for: "reading metrics")
        let head = try await store.head()
        let now = configuration.clock()
        let report = try await live.report(
            KPIQuery(period: ReportPeriod.reportQuarter(containing: now), asOf: now, grouping: .agency))
        metrics.logHead.set(head.position)
        metrics.projectionLag.set(max(0, head.position - report.position))
        metrics.publish(report)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
    }
}
