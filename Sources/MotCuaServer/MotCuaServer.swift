import Foundation
package import Hummingbird
public import Logging
public import MotCuaDomain
public import MotCuaStore
package import ServiceLifecycle
import UnixSignals

/// How `motcua serve` runs: address, limits, who may read KPIs, the calendar and the clock.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// KPIs, the dashboard data and metrics without a token (KPI results are public by law).
    public var publicKPI = false
    /// Largest request body accepted (413 beyond).
    public var maximumBodyBytes = 16 << 20
    /// Most events in one POST /v1/events batch (413 beyond).
    public var maximumBatchEvents = 10_000
    /// Most events one GET /v1/events page returns.
    public var maximumPageEvents = 10_000
    /// The calendar due dates are computed with (the store's).
    public var calendar: WorkingCalendar
    /// The server clock: the current report period, overdue lists.
    public var clock: @Sendable () -> Instant
    /// How often the projection polls the log for other processes' appends when the store does not
    /// announce them (SQLite); PostgreSQL's announcements wake it at once.
    public var projectionPollInterval = Duration.seconds(1)
    /// Signs a checkpoint of the log's Merkle tree when the log has grown (at most every
    /// `checkpointInterval`) and at shutdown; `nil`: the server signs nothing.
    public var signer: SignedNote.Signer?
    /// The shortest time between two signed checkpoints.
    public var checkpointInterval = Duration.seconds(5)
    /// Most `POST /v1/events` handled at once; beyond, 503 `overloaded` before the body is read.
    public var maximumConcurrentAppends = 64
    /// Requests a second each token may make, with bursts of `tokenBurst`; `nil`: no limit. Beyond, 429.
    public var tokenRequestsPerSecond: Double?
    public var tokenBurst = 100

    public init(calendar: WorkingCalendar, clock: @escaping @Sendable () -> Instant) {
        self.calendar = calendar
        self.clock = clock
    }
}

/// The HTTP API of DESIGN.md: centers post events, auditors read the log, monitors read KPIs.
///
/// Built on Hummingbird 2. `motcua serve` only configures it and calls `run`.
public struct MotCuaServer: Sendable {
    let store: any EventStore
    let configuration: ServerConfiguration
    let live: LiveProjection
    let metrics = ServerMetrics()
    let tokens: TokenCache
    /// When each token was last used, written in the background.
    let tokenUses: TokenUseRecorder
    /// The root of the tree the last KPI answer named: reports at the same position (most of them, between
    /// appends) name it without reading the tree again.
    let treeRoots = TreeRootCache()
    /// Appends running now (bounded) and whether the store has been failing them.
    let admission: AppendAdmission
    let writeHealth = WriteHealth()
    /// Per-token request buckets, when requests are limited.
    let buckets: TokenBuckets?
    /// The dashboard's files, read from the package's resources when the server opens.
    let dashboard: Dashboard
    /// The OpenAPI document, read from the package's resources when the server opens.
    let openAPI: OpenAPIDocument

    /// Opens the server over `store`: loads (or rebuilds) the KPI projection.
    public init(store: any EventStore, configuration: ServerConfiguration) async throws {
        self.store = store
        self.configuration = configuration
        live = try await LiveProjection(store: store, calendar: configuration.calendar)
        tokens = TokenCache(store: store)
        tokenUses = TokenUseRecorder(store: store)
        admission = AppendAdmission(limit: configuration.maximumConcurrentAppends)
        buckets = configuration.tokenRequestsPerSecond.map {
            TokenBuckets(rate: $0, burst: max(1, configuration.tokenBurst))
        }
        dashboard = try Dashboard.load()
        openAPI = try OpenAPIDocument.load()
        let metrics = self.metrics
        await store.observeCommits { metrics.commit($0) }
    }

    /// The last log position the server's projection folded (what its tailer has caught up to).
    package var projectionPosition: Int64 {
        get async { await live.position }
    }

    /// Waits until the token uses noted so far are written to the store (or their write failed).
    package func settleTokenUses() async {
        await tokenUses.settle()
    }

    /// The router with every route, middleware and error mapping.
    package func router() -> Router<ServerContext> {
        // The routes alone first, so that the problem middleware can tell "no such resource" (404) from
        // "no such method here" (405, with `Allow`; RFC 9110 §15.5.6).
        let plain = Router(context: ServerContext.self)
        addEventRoutes(to: plain)
        addReadRoutes(to: plain)
        addOperationRoutes(to: plain)
        let table = RouteTable(plain.routes.map { ($0.path.description, $0.method) })
        let router = Router(context: ServerContext.self)
        router.add(middleware: RequestMetrics(metrics: metrics))
        router.add(middleware: ProblemMiddleware(routes: table))
        router.add(middleware: Authentication(tokens: tokens, uses: tokenUses, clock: configuration.clock))
        if let buckets { router.add(middleware: RateLimit(buckets: buckets)) }
        addEventRoutes(to: router)
        addReadRoutes(to: router)
        addOperationRoutes(to: router)
        return router
    }

    /// The application, listening on the configured address; `onServerRunning` gets the bound port.
    package func application(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol & Service
    {
        Application(
            router: router(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "motcua"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting connections, finishes the requests in
    /// flight (their commits included), folds what is left into the projection and checkpoints it.
    public func run(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services(logger: logger, onServerRunning: onServerRunning),
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The services `run` runs, in start order (a service group stops them in reverse: the HTTP server
    /// first, so that the projection's last catch-up sees every commit).
    package func services(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void) -> [any Service] {
        var services: [any Service] = [
            ProjectionTailer(
                live: live, store: store, logger: logger, pollInterval: configuration.projectionPollInterval)
        ]
        if let signer = configuration.signer {
            services.append(
                CheckpointSigner(
                    store: store, signer: signer, interval: configuration.checkpointInterval,
                    clock: configuration.clock, logger: logger))
        }
        services.append(application(logger: logger, onServerRunning: onServerRunning))
        return services
    }
}

/// Counts every answered request by method, route pattern and status.
struct RequestMetrics: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        metrics.request(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
            status: response.status.code)
        return response
    }
}

/// Turns every error into a problem response: ours as they are, Hummingbird's (404, 405, 413) with
/// their status, store errors by their code, and anything else as a bare 500 (logged, never shown).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let routes: RouteTable

    func handle(
        _ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = problem(for: error, context: context)
            // Only the router's own 404 (no route matched), not ours (a stream without events).
            if !(error is Problem), problem.status == .notFound {
                let allowed = routes.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    problem = .methodNotAllowed("\(request.uri.path) accepts " + allowed.joined(separator: ", "))
                    problem.headers[.allow] = allowed.joined(separator: ", ")
                }
            }
            return try problem.response(from: request, context: context)
        }
    }

    func problem(for error: any Error, context: ServerContext) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as EventStoreError:
            if error.code == .storage || error.code == .corrupt {
                context.logger.error("store failure: \(error)")
            }
            if error.eventError?.code == .outOfScope, let caller = context.caller {
                context.logger.notice(
                    "forbidden: event out of scope",
                    metadata: ["token": "\(caller.tokenID)", "role": "\(caller.role.rawValue)"])
            }
            return Problem(error)
        case let error as any HTTPResponseError:
            let status = error.status
            switch status {
            case .notFound:
                return .notFound("no such resource")
            case .contentTooLarge:
                return .bodyTooLarge("the request body is larger than this server accepts")
            case .methodNotAllowed:
                return .methodNotAllowed("this resource does not accept that method")
            default:
                return Problem(
                    status, code: .http(status), title: status.reasonPhrase,
                    detail: status.reasonPhrase)
            }
        default:
            context.logger.error("internal error: \(error)")
            return Problem(
                .internalServerError, code: .internalError, title: "Internal error",
                detail: "the server failed; the failure is logged")
        }
    }
}

/// The router's path templates and their methods, to answer 405 with `Allow` for a known path.
struct RouteTable: Sendable {
    private let entries: [(segments: [Substring], method: String)]

    init(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        entries = routes.map { ($0.path.split(separator: "/"), $0.method.rawValue) }
    }

    /// The methods whose template matches `path` (a `{name}` or `:name` segment matches any one segment),
    /// sorted.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        var found: Set<String> = []
        for entry in entries where entry.segments.count == segments.count {
            let matches = zip(entry.segments, segments).allSatisfy { template, segment in
                template.first == ":" || template.first == "{" || template == segment
            }
            if matches { found.insert(entry.method) }
        }
        return found.sorted()
    }
}

/// The Merkle root of one tree size, kept for the next request that names the same size (a tree's root
/// never changes: the log is append-only).
///
/// `@unchecked Sendable`: `last` is only touched while holding `lock`.
final class TreeRootCache: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (size: Int64, root: [UInt8])?

    func root(size: Int64, of store: any EventStore) async throws -> [UInt8] {
        if let known = lock.withLock({ last }), known.size == size { return known.root }
        let root = try await store.treeRoot(size: size)
        lock.withLock { last = (size, root) }
        return root
    }
}
