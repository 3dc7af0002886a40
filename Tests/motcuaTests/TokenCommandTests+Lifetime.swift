import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `token create --expires/--label` and what `token list` shows of them, and of the last use a server records.
extension TokenCommandTests {
    /// The rows of `token list` as named columns.
    static func list(_ db: String) async throws -> [[String: String]] {
        let listed = try await CommandRunner.run(["token", "list", "--db", db])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// Seconds since the epoch of a `…THH:MM:SS.ffffffZ` text, without its fraction (the tool writes UTC).
    static func wholeSeconds(_ text: String) throws -> Int {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let date = try #require(formatter.date(from: String(text.prefix(19))), "\(text)")
        return Int(date.timeIntervalSince1970)
    }

    @Test(arguments: [("90d", 90 * 86_400), ("12h", 12 * 3_600), ("30m", 30 * 60), ("45s", 45)])
    func expiresAndLabelAreStoredAndListed(duration: String, seconds: Int) async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let label = "Một cửa phường Phúc Xá"
        let created = try await CommandRunner.run([
            "token", "create", "--db", db, "--role", "center", "--agency", "A1", "--expires", duration, "--label",
            label,
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let rows = try await Self.list(db)
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row["label"] == label)
        let expires = try #require(row["expires"])
        let createdAt = try #require(row["created"])
        #expect(try Self.wholeSeconds(expires) - Self.wholeSeconds(createdAt) == seconds, "\(createdAt) → \(expires)")
        #expect(expires.dropFirst(19) == createdAt.dropFirst(19), "the same fraction and offset")
        #expect(row["revoked"] == "-" && row["last-used"] == "never")
    }

    @Test(arguments: [
        ["--expires", "0d"], ["--expires", "10w"], ["--expires", "-5m"], ["--expires=-5m"], ["--expires", "5"],
        ["--expires", "5 m"], ["--expires", ""], ["--expires", "1.5h"], ["--expires", "d"], ["--expires", "+5m"],
        ["--expires", "36501d"], ["--expires", "99999999999999999999s"],
    ])
    func badDurationsAreUsageErrorsNamingExpires(arguments: [String]) async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let result = try await CommandRunner.run(["token", "create", "--db", db, "--role", "auditor"] + arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--expires"), "\(result.stderr)")
        #expect(try await Self.list(db).isEmpty, "nothing was created")
    }

    @Test(arguments: ["", String(repeating: "x", count: 101), "tab\there", "two\nlines", "bell\u{7}"])
    func badLabelsAreUsageErrorsNamingLabel(label: String) async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let result = try await CommandRunner.run([
            "token", "create", "--db", db, "--role", "auditor", "--label", label,
        ])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--label"), "\(result.stderr)")
    }

    @Test func aLabelOfAHundredVietnameseCharactersIsAccepted() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let label = String(repeating: "ệ", count: 100)
        let result = try await CommandRunner.run([
            "token", "create", "--db", db, "--role", "auditor", "--label", label,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await Self.list(db).first?["label"] == label)
    }

    /// A token used against `serve` shows its last use in `token list` (written by the server in the
    /// background, so the list is read again until it shows or a minute passes).
    @Test func tokenListShowsTheLastUseAServerRecorded() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let secret = try await CommandRunner.run([
            "token", "create", "--db", db, "--role", "auditor", "--expires", "90d", "--label", "Kiểm toán",
        ]).stdout.trimmingCharacters(in: .newlines)
        let (process, _, port) = try await ServeCommandTests.serve(["--db", db])
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
        client.connect()
        let response = try await client.execute(
            .init("/v1/verify", method: .get, headers: [.authorization: "Bearer \(secret)"]))
        #expect(response.status == .ok)
        try await client.shutdown()
        var lastUse = "never"
        let deadline = Date().addingTimeInterval(60)
        while lastUse == "never", Date() < deadline {
            lastUse = try await Self.list(db).first?["last-used"] ?? "never"
            if lastUse == "never" { try await Task.sleep(for: .milliseconds(100)) }
        }
        let used = try Self.wholeSeconds(lastUse)
        #expect(abs(used - Int(Date().timeIntervalSince1970)) < 120, "\(lastUse)")
    }
}
