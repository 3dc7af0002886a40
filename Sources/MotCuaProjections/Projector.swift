public import MotCuaDomain
public import MotCuaStore

/// Keeps the KPI projection in step with a store: resumes from the stored checkpoint (rebuilding when
/// the projection's version or calendar changed), folds the events appended since, and saves the
/// checkpoint with the position it reflects.
public enum Projector {
    /// The projection at the store's head: from the checkpoint when usable, then caught up.
    /// - Returns: the projection and whether it advanced past the checkpoint (so that one is worth saving).
    public static func load(_ store: any EventStore, calendar: WorkingCalendar) async throws -> (KPIProjection, Bool) {
        var projection = KPIProjection(calendar: calendar)
        if let checkpoint = try await store.checkpoint(named: KPIProjection.checkpointName),
            let restored = try? KPIProjection(checkpoint: checkpoint, calendar: calendar)
        {
            projection = restored
        }
        let before = projection.position
        try await catchUp(&projection, from: store)
        return (projection, projection.position != before)
    }

    /// Folds every event after the projection's position.
    public static func catchUp(_ projection: inout KPIProjection, from store: any EventStore) async throws {
        try await fold(into: &projection, from: store, until: nil)
    }

    /// Folds events after the projection's position; with `knownAt`, only those recorded by then (a
    /// prefix of the log, since `recordedAt` never decreases).
    public static func fold(into projection: inout KPIProjection, from store: any EventStore, until knownAt: Instant?)
        async throws
    {
        var pages = EventPages(store, after: projection.position)
        while let page = try await pages.next() {
            for item in page {
                if let knownAt, item.recordedAt.instant > knownAt {
                    pages.cancel()
                    return
                }
                projection.apply(item.event, position: item.position)
            }
        }
    }

    /// Saves the projection's checkpoint in the store.
    public static func save(_ projection: KPIProjection, to store: any EventStore) async throws {
        try await store.save(projection.checkpoint())
    }
}
