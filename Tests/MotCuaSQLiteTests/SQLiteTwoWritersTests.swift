import Foundation
import MotCuaDomain
import MotCuaStore
import MotCuaStoreContract
import Testing

@testable import MotCuaSQLite

/// Two stores on one file: each writer's optimistic groups (no id lookups while groups come clean) meet
/// what the other stored, through the unique indexes, and are run again with lookups.
@Suite("SQLite writers on one file")
struct SQLiteTwoWritersTests {
    @Test("a stored stream or id met by an optimistic group is refused or acknowledged as with lookups")
    func optimisticGroupsMeetTheOtherWriter() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("two-\(UUID()).sqlite").path
        let first = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        _ = try await first.append(AppendBatch(SampleEvents.catalogue))
        _ = try await first.append(AppendBatch([SampleEvents.received("D0")]))  // a clean group: optimistic next
        let second = try SQLiteEventStore(.file(path), clock: { SampleEvents.now })
        _ = try await second.append(AppendBatch([SampleEvents.received("D1")]))

        // The first writer has never read D1: its DossierReceived breaks (stream, version) and is refused.
        let refusal = await #expect(throws: EventStoreError.self) {
            _ = try await first.append(AppendBatch([SampleEvents.received("D1")]))
        }
        #expect(refusal?.code == .rejected)
        #expect(refusal?.eventError?.code == .streamExists)

        _ = try await first.append(AppendBatch([SampleEvents.received("D2")]))  // clean again
        let retried = SampleEvents.received("D3")
        let stored = try await second.append(AppendBatch([retried]))
        // The same event again through the first writer: its id breaks the unique index, and the group run
        // with lookups acknowledges it at the position the second writer gave it.
        let again = try await first.append(AppendBatch([retried]))
        #expect(again.map(\.alreadyPresent) == [true])
        #expect(again.map(\.position) == stored.map(\.position))
        let head = try await first.head()
        #expect(head.position == 7)
        let verdict = try await ChainVerifier().verify(first)
        #expect(verdict == .intact(head, events: 7, root: try await first.treeRoot(size: 7)))
    }
}
