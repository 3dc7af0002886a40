import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct TokenCommandTests {
    @Test func createPrintsTheTokenAloneAndOnlyItsHashIsStored() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let created = try await CommandRunner.run([
            "token", "create", "--db", db, "--role", "center", "--agency", "A2", "--agency", "A1",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let secret = created.stdout.trimmingCharacters(in: .newlines)
        #expect(created.stdout == secret + "\n")
        #expect(secret.range(of: #"^mct_[A-Za-z0-9_-]{43}$"#, options: .regularExpression) != nil)
        let listed = try await CommandRunner.run(["token", "list", "--db", db])
        #expect(listed.status == 0)
        let rows = listed.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.first == ["id", "role", "agencies", "label", "created", "expires", "revoked", "last-used"])
        #expect(rows.count == 2)
        let row = rows[1]
        #expect(row[1] == "center" && row[2] == "A1,A2" && row[3] == "-" && row[5] == "never" && row[6] == "-")
        #expect(row[7] == "never")
        #expect(!listed.stdout.contains(secret))
        // Neither the database nor its WAL holds the secret.
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
        }
        let revoked = try await CommandRunner.run(["token", "revoke", "--db", db, row[0]])
        #expect(revoked.status == 0)
        #expect(revoked.stdout == "revoked \(row[0])\n")
        let again = try await CommandRunner.run(["token", "revoke", "--db", db, row[0]])
        #expect(again.status == 1)
        #expect(again.stderr.contains("no active token has id \(row[0])"))
        let afterwards = try await CommandRunner.run(["token", "list", "--db", db])
        #expect(afterwards.stdout.split(separator: "\n")[1].split(separator: "\t")[6] != "-")
    }

    @Test(arguments: [
        ["--role", "center"], ["--role", "auditor", "--agency", "A1"], ["--role", "king"],
        ["--role", "center", "--agency", "A B"],
    ])
    func badCreationsAreUsageErrors(arguments: [String]) async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("tokens.sqlite").path
        let result = try await CommandRunner.run(["token", "create", "--db", db] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
    }
}

@Suite struct ServeCommandTests {
    /// Starts `motcua serve --port 0 arguments…` and waits (on a thread of its own) for its "listening on"
    /// line; returns the process, what it printed until then, and the port.
    static func serve(_ arguments: [String]) async throws -> (Process, String, Int) {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["serve", "--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = await withCheckedContinuation { continuation in
            Thread {
                var text = ""
                let deadline = Date().addingTimeInterval(120)
                while !text.contains("listening on"), Date() < deadline, process.isRunning {
                    text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }.start()
        }
        let port = try #require(
            text.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)\//).flatMap { Int($0.1) }, "\(text)")
        return (process, text, port)
    }

    /// `serve --demo` on an empty store: fills it, prints an admin token, serves; SIGTERM stops it cleanly
    /// and leaves a valid chain.
    @Test func demoServesSimulatedFiguresAndStopsOnSIGTERM() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("demo.sqlite").path
        let (process, text, port) = try await Self.serve(["--db", db, "--demo", "--demo-dossiers", "300"])
        let token = try #require(text.firstMatch(of: /admin token \(shown once\): (mct_\S+)/).map { String($0.1) })
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
        client.connect()
        // KPIs are public in the demo; the log needs the printed admin token.
        let kpi = try await client.execute(.init("/v1/kpi?period=2025&basis=calendar", method: .get))
        #expect(kpi.status == .ok)
        #expect(String(buffer: kpi.body ?? ByteBuffer()).contains(#""received":300"#))
        let verify = try await client.execute(
            .init("/v1/verify", method: .get, headers: [.authorization: "Bearer \(token)"]))
        #expect(String(buffer: verify.body ?? ByteBuffer()).contains(#""intact":true"#))
        try await client.shutdown()
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let verified = try await CommandRunner.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    /// Events the server acknowledged survive `kill -9` of the server.
    @Test func acknowledgedEventsSurviveKill9() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("kill.sqlite").path
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Replays/demo.ndjson").path
        #expect(try await CommandRunner.run(["import", demo, "--db", db]).status == 0)
        let before = try await CommandRunner.run(["export", "--db", db]).stdout.split(separator: "\n").count
        let token = try await CommandRunner.run(
            ["token", "create", "--db", db, "--role", "center", "--agency", "000.00.20.H26"]
        ).stdout.trimmingCharacters(in: .newlines)
        let (process, _, port) = try await Self.serve(["--db", db])
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
        client.connect()
        var acknowledged = 0
        for i in 0..<20 {
            let event =
                #"[{"id":"\#(UUID().uuidString.lowercased())","type":"DossierReceived","#
                + #""occurredAt":"2025-06-02T09:00:00+07:00","data":{"dossier":"K9-\#(i)","procedure":"1.004227","#
                + #""agency":"000.00.20.H26","channel":"direct","applicant":"citizen"}}]"#
            let response = try await client.execute(
                .init(
                    "/v1/events", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: event)))
            if response.status == .created { acknowledged += 1 }
        }
        #expect(acknowledged == 20)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        try? await client.shutdown()
        let after = try await CommandRunner.run(["export", "--db", db])
        #expect(after.stdout.split(separator: "\n").count == before + acknowledged)
        #expect(try await CommandRunner.run(["verify", "--db", db]).status == 0)
    }
}
