import Logging
import MotCuaDomain
import MotCuaProjections
import MotCuaStore
import ServiceLifecycle

/// The KPI projection a server keeps in memory, caught up with the log on demand and every second,
/// and checkpointed to the store now and then and at shutdown.
///
/// Reports and dossier lookups run inside the actor, on the one copy of the projection.
actor LiveProjection {
    private let store: any EventStore
    private var projection: KPIProjection
    private var savedPosition: Int64
    private var savedAt = ContinuousClock.now

    /// Checkpoint when this many events were folded since the last one and `checkpointInterval` passed.
    static let checkpointEvents: Int64 = 10_000
    static let checkpointInterval = Duration.seconds(60)

    init(store: any EventStore, calendar: WorkingCalendar) async throws {
        self.store = store
        let (projection, advanced) = try await Projector.load(store, calendar: calendar)
        self.projection = projection
        savedPosition = advanced ? -1 : projection.position
    }

    /// The last position folded in.
    var position: Int64 { projection.position }

    /// Folds every event appended since; at least up to `position` when given (read-your-writes).
    func catchUp() async throws {
        while true {
            let page = try await store.read(after: projection.position, limit: 10_000)
            if page.isEmpty { return }
            // Another call may have folded part of this page while we waited for it.
            for record in page where record.position > projection.position {
                projection.apply(try record.decodeEvent(), position: record.position)
            }
        }
    }

    /// The report for `query`, from a projection caught up with the log.
    func report(_ query: KPIQuery) async throws -> KPIReport {
        try await catchUp()
        return projection.report(query)
    }

    /// Runs `body` on a projection caught up with the log.
    func read<T: Sendable>(_ body: (KPIProjection) -> T) async throws -> T {
        try await catchUp()
        return body(projection)
    }

    /// Saves a checkpoint when enough has changed since the last one, or always with `force`.
    func checkpointIfDue(force: Bool) async throws {
        guard projection.position != savedPosition else { return }
        let due =
            projection.position - savedPosition >= Self.checkpointEvents
            && ContinuousClock.now - savedAt >= Self.checkpointInterval
        guard force || due else { return }
        let position = projection.position
        try await Projector.save(projection, to: store)
        savedPosition = position
        savedAt = .now
    }
}

/// Keeps a `LiveProjection` current in the background; on graceful shutdown, folds what is left and
/// saves its checkpoint.
struct ProjectionTailer: Service {
    let live: LiveProjection
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: .seconds(1))
                do {
                    try await live.catchUp()
                    try await live.checkpointIfDue(force: false)
                } catch {
                    logger.warning("projection catch-up failed: \(error)")
                }
            }
        }
        try await live.catchUp()
        try await live.checkpointIfDue(force: true)
    }
}
