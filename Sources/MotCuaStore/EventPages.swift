import Foundation
public import MotCuaDomain

/// The log after a position, read in large pages of decoded events, for whatever folds the whole log
/// (`replay`, a projection catching up, the server's tailer).
///
/// While the caller folds one page, the next is already being read; a page's events are decoded on
/// every core, and handed over in position order.
public struct EventPages: Sendable {
    /// One event of a page.
    public struct Item: Sendable {
        public let position: Int64
        public let recordedAt: Timestamp
        public let event: EventEnvelope
    }

    /// Events per page.
    public static let pageSize = 10_000
    private let store: any EventStore
    private var prefetch: Task<[RecordedEvent], any Error>?

    /// Pages of the events after `position`.
    public init(_ store: any EventStore, after position: Int64) {
        self.store = store
        prefetch = Self.read(store, after: position)
    }

    private static func read(_ store: any EventStore, after position: Int64) -> Task<[RecordedEvent], any Error> {
        Task { try await store.read(after: position, limit: pageSize) }
    }

    /// The next page, or `nil` at the log's head.
    public mutating func next() async throws -> [Item]? {
        guard let prefetch else { return nil }
        let records = try await prefetch.value
        guard let last = records.last else {
            self.prefetch = nil
            return nil
        }
        // A short page may still not be the head (a store may cap a page's bytes): read on until one is empty.
        self.prefetch = Self.read(store, after: last.position)
        let events = try await Self.decode(records)
        return zip(records, events).map { Item(position: $0.position, recordedAt: $0.recordedAt, event: $1) }
    }

    /// Stops reading ahead (when the caller leaves before the head).
    public mutating func cancel() {
        prefetch?.cancel()
        prefetch = nil
    }

    /// The events of `records`, in their order, decoded in as many slices as there are cores.
    static func decode(_ records: [RecordedEvent]) async throws -> [EventEnvelope] {
        try await ParallelMap.map(records) { record in Result { () throws(EventError) in try record.decodeEvent() } }
            .map { try $0.get() }
    }
}

/// Maps an array in as many slices as there are cores, keeping its order: for decoding pages of events,
/// the costliest step of reading a whole log, on every core while the fold stays in order.
package enum ParallelMap {
    /// Below this many items a slice is not worth a task of its own.
    static let minimumSlice = 512

    /// `items.map(transform)`, computed in parallel slices.
    package static func map<Item: Sendable, Value: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) -> Value
    ) async -> [Value] {
        let slices = min(ProcessInfo.processInfo.activeProcessorCount, items.count / minimumSlice)
        guard slices > 1 else { return items.map(transform) }
        let size = (items.count + slices - 1) / slices
        return await withTaskGroup(of: (Int, [Value]).self) { group in
            for slice in 0..<slices {
                let part = items[(slice * size)..<min(items.count, (slice + 1) * size)]
                group.addTask { (slice, part.map(transform)) }
            }
            var parts = [[Value]](repeating: [], count: slices)
            for await (slice, values) in group { parts[slice] = values }
            return parts.flatMap { $0 }
        }
    }
}
