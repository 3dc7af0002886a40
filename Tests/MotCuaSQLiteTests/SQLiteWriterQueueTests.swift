import Foundation
import GRDB
import MotCuaDomain
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaSQLite

/// The writer's queue is bounded: while a group commits, batches beyond `maximumQueuedEvents` waiting are
/// refused with `.overloaded` at once (nothing of them stored), the others are committed, and memory does
/// not grow with the callers.
@Suite("SQLite writer queue")
struct SQLiteWriterQueueTests {
    @Test("batches beyond the queue's bound are refused as overloaded, the rest committed")
    func boundedQueue() async throws {
        let database = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(database)
        let writer = GroupCommitWriter(
            storage: SQLiteLogStorage(database: database), calendar: .builtIn, clock: { SampleEvents.now },
            maximumQueuedEvents: 20)
        _ = try await writer.append(AppendBatch(SampleEvents.catalogue))
        let outcomes = await withTaskGroup(of: Result<Int, EventStoreError>.self) { group in
            for batch in 0..<64 {
                group.addTask {
                    let events = (0..<5).map { SampleEvents.received("Q\(batch)-\($0)") }
                    do {
                        return .success(try await writer.append(AppendBatch(events)).count)
                    } catch let error as EventStoreError {
                        return .failure(error)
                    } catch {
                        return .failure(EventStoreError(.storage, "\(error)"))
                    }
                }
            }
            var all: [Result<Int, EventStoreError>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let committed = outcomes.compactMap { try? $0.get() }.reduce(0, +)
        let refused = outcomes.compactMap { outcome -> EventStoreError? in
            if case .failure(let error) = outcome { return error }
            return nil
        }
        #expect(!refused.isEmpty, "64 batches of 5 against a queue of 20 events")
        #expect(refused.allSatisfy { $0.code == .overloaded }, "\(refused.map(\.code))")
        #expect(committed + refused.count * 5 == 320)
        let stored = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") }
        #expect(stored == committed + SampleEvents.catalogue.count)
    }
}
