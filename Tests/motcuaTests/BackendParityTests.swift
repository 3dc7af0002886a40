import Foundation
import MotCuaPostgresTestSupport
import Testing

@Suite("SQLite and PostgreSQL parity")
struct BackendParityTests {
    static let demo = StoreCommandTests.demo

    @Test("an export moves between backends with identical positions and hashes, both ways")
    func exportsMoveBetweenBackends() async throws {
        let work = try CommandRunner.temporaryDirectory()
        let postgres = try await PostgresTestServer.shared.freshDatabaseURL()
        let back = try await PostgresTestServer.shared.freshDatabaseURL()
        func run(_ arguments: [String]) async throws -> String {
            let result = try await CommandRunner.run(arguments, in: work)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }
        // PostgreSQL → SQLite.
        _ = try await run(["import", Self.demo, "--db", postgres])
        let fromPostgres = try await run(["export", "--db", postgres])
        try fromPostgres.write(to: work.appendingPathComponent("pg.ndjson"), atomically: true, encoding: .utf8)
        _ = try await run(["import", "pg.ndjson", "--db", "sqlite:copy.sqlite"])
        #expect(try await run(["export", "--db", "sqlite:copy.sqlite"]) == fromPostgres)
        // SQLite → PostgreSQL.
        _ = try await run(["import", Self.demo, "--db", "sqlite:origin.sqlite"])
        let fromSQLite = try await run(["export", "--db", "sqlite:origin.sqlite"])
        try fromSQLite.write(to: work.appendingPathComponent("sq.ndjson"), atomically: true, encoding: .utf8)
        _ = try await run(["import", "sq.ndjson", "--db", back])
        #expect(try await run(["export", "--db", back]) == fromSQLite)
        #expect(
            try await run(["verify", "--db", back]) == (try await run(["verify", "--db", "sqlite:origin.sqlite"])))
        #expect(fromSQLite.split(separator: "\n").count == 8)
    }
}
