import Foundation
internal import GRDB

/// The online copy of a SQLite store that `motcua backup` takes.
extension SQLiteEventStore {
    /// Copies the whole database into the SQLite file at `path` with SQLite's online backup API, while the
    /// writer goes on appending.
    ///
    /// Every page is copied in one step, inside one read transaction of the store. In WAL mode a read
    /// transaction sees the database as it stood when it began and never blocks the writer. The copy is
    /// therefore that state, whole:
    /// - the events, the Merkle tree and the signed checkpoints;
    /// - the stream states, the tokens and the projection checkpoints;
    /// - the record of migrations applied.
    ///
    /// `path` must name a new, empty file, which the caller created exclusively. The copy is left as a
    /// single file, closed, with nothing beside it. Blocking work runs on a thread of its own.
    public func backup(to path: String) async throws {
        let source = database
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        do {
                            var configuration = Configuration()
                            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                            let destination = try DatabaseQueue(path: path, configuration: configuration)
                            // DatabaseReader.backup(to:): the source's read transaction, then one backup step
                            // of every page (pagesPerStep -1).
                            try source.backup(to: destination)
                            try destination.close()
                        } catch {
                            throw SQLiteEventStore.storeError(error)
                        }
                    })
            }
        }
    }
}
