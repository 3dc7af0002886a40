import Foundation
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

    /// Events this process's writer committed and the projection has not folded yet.
    private let committed = CommittedEvents()

    /// The sums of the reports answered, by query, kept up to date as events are folded: an event of a
    /// dossier or complaint dated after a report's T cannot change it (a report at T depends only on facts
    /// dated by T; `KPIProjectionTests` checks it); one dated by T changes only its member's contribution,
    /// which is taken back before the event and added again after. Catalogue events (rare, and able to
    /// change groupings whenever dated) drop them all.
    private var kept: [KPIQuery: ReportSums] = [:]
    /// Most queries kept; beyond, the store of them starts afresh.
    static let keptQueries = 64

    init(store: any EventStore, calendar: WorkingCalendar) async throws {
        self.store = store
        let (projection, advanced) = try await Projector.load(store, calendar: calendar)
        self.projection = projection
        savedPosition = advanced ? -1 : projection.position
        let committed = self.committed
        await store.observeCommits { committed.add($0.events) }
    }

    /// The last position folded in.
    var position: Int64 { projection.position }

    /// Folds every event appended since: first those this process's writer handed over as it committed
    /// them (no read, no decoding), then whatever else the log holds (another writer's, or past a gap).
    func catchUp() async throws {
        for appended in committed.take() where appended.position > projection.position {
            guard appended.position == projection.position + 1 else { break }
            fold(appended.event, position: appended.position)
        }
        var pages = EventPages(store, after: projection.position)
        while let page = try await pages.next() {
            // Another call may have folded part of this page while we waited for it.
            for item in page where item.position > projection.position {
                fold(item.event, position: item.position)
            }
        }
    }

    private func fold(_ event: EventEnvelope, position: Int64) {
        if event.stream.kind == .agency || event.stream.kind == .procedure { kept.removeAll() }
        guard !kept.isEmpty else { return projection.apply(event, position: position) }
        let at = event.occurredAt.instant
        let affected = kept.keys.filter { $0.evaluatedAt >= at }
        for member in projection.members(of: event) {
            for query in affected { projection.add(member, of: query, to: &kept[query]!, times: -1) }
        }
        projection.apply(event, position: position)
        for member in projection.members(of: event) {
            for query in affected { projection.add(member, of: query, to: &kept[query]!) }
        }
    }

    /// The report for `query`, from a projection caught up with the log.
    func report(_ query: KPIQuery) async throws -> KPIReport {
        try await catchUp()
        if kept[query] == nil {
            if kept.count >= Self.keptQueries { kept.removeAll() }
            kept[query] = projection.sums(query)
        }
        return projection.report(query, sums: kept[query]!)
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

/// The writer's committed events, handed from its commit observer to the projection.
///
/// `@unchecked Sendable`: every access to `events` holds `lock`.
final class CommittedEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [AppendedEvent] = []
    /// Beyond this many events waiting, the rest is read back from the log instead.
    static let capacity = 200_000

    func add(_ appended: [AppendedEvent]) {
        guard !appended.isEmpty else { return }
        lock.withLock {
            if events.count + appended.count <= Self.capacity { events += appended }
        }
    }

    func take() -> [AppendedEvent] {
        lock.withLock {
            defer { events = [] }
            return events
        }
    }
}

/// Keeps a `LiveProjection` current in the background; on graceful shutdown, folds what is left and
/// saves its checkpoint.
///
/// It wakes on every commit the store announces (PostgreSQL: `LISTEN motcua_events`, so that another
/// process's appends are folded at once), else every `pollInterval`; when the announcements fail it
/// polls until they can be listened to again.
struct ProjectionTailer: Service {
    let live: LiveProjection
    let store: any EventStore
    let logger: Logger
    var pollInterval = Duration.seconds(1)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if let positions = try await store.appendedPositions() {
                        for try await position in positions where position > (await live.position) {
                            await tick()
                        }
                    } else {
                        try await Task.sleep(for: pollInterval)
                        await tick()
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("listening for appends failed, polling: \(error)")
                    try await Task.sleep(for: pollInterval)
                    await tick()
                }
            }
        }
        try await live.catchUp()
        try await live.checkpointIfDue(force: true)
    }

    private func tick() async {
        do {
            try await live.catchUp()
            try await live.checkpointIfDue(force: false)
        } catch {
            logger.warning("projection catch-up failed: \(error)")
        }
    }
}
