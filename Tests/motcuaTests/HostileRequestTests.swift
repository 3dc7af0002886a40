import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaSimulation
import Testing

@testable import motcua

/// A real `motcua serve` on loopback, fed every kind of hostile request (issue 10): each is answered with
/// a 4xx problem naming what was wrong, the process keeps serving, and the log moves only by the valid
/// batches.
@Suite struct HostileRequestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One request and what its answer must be.
    struct Hostile {
        let label: String
        let method: HTTPRequest.Method
        let path: String
        var body: [UInt8] = []
        var contentType = "application/json"
        var admin = false
        /// The status expected; `nil` for "some 4xx".
        var status: HTTPResponse.Status?
        /// The problem's `field`, when one is named.
        var field: String?
    }

    static func event(_ type: String, at occurredAt: String, _ data: String) -> String {
        #"{"id":"\#(UUID().uuidString.lowercased())","type":"\#(type)","occurredAt":"\#(occurredAt)","data":\#(data)}"#
    }

    static func received(_ dossier: String, at occurredAt: String = "2025-06-02T09:00:00+07:00") -> String {
        event(
            "DossierReceived", at: occurredAt,
            #"{"dossier":"\#(dossier)","procedure":"1.004227","agency":"000.00.20.H26","channel":"direct","#
                + #""applicant":"citizen"}"#)
    }

    static var hostileRequests: [Hostile] {
        func post(_ label: String, _ body: String, field: String? = nil, status: HTTPResponse.Status? = nil)
            -> Hostile
        {
            Hostile(
                label: label, method: .post, path: "/v1/events", body: Array(body.utf8), status: status, field: field)
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        var invalidUTF8 = Array("[\(received("U8"))]".utf8)
        invalidUTF8.insert(contentsOf: [0xC3, 0x28, 0xFF], at: invalidUTF8.count - 60)
        return [
            post(
                "occurredAt in year 9999 (once stopped the server)",
                "[\(received("Y9999", at: "9999-02-10T09:00:00+07:00"))]", field: "occurredAt",
                status: .unprocessableContent),
            post(
                "occurredAt past Int64 nanoseconds, negative offset",
                "[\(received("Y2262", at: "2262-04-12T00:00:00-23:59"))]", field: "occurredAt",
                status: .unprocessableContent),
            post(
                "occurredAt in 1999", "[\(received("Y1999", at: "1999-12-31T23:59:59+07:00"))]", field: "occurredAt",
                status: .unprocessableContent),
            post(
                "dueAt in year 9999",
                "["
                    + received("DUE", at: "2025-06-02T09:00:00+07:00").replacingOccurrences(
                        of: #""applicant""#, with: #""dueAt":"9999-12-31T17:00:00+07:00","applicant""#) + "]",
                field: "data.dueAt", status: .unprocessableContent),
            post(
                "an integer beyond Int64",
                "["
                    + event(
                        "ComponentsDigitized", at: "2025-06-02T09:00:00+07:00",
                        #"{"dossier":"000.20.31.H26-250124-0001","documents":99999999999999999999,"reused":0}"#)
                    + "]", field: "data.documents", status: .unprocessableContent),
            post(
                "an integer beyond 1,000,000",
                "["
                    + event(
                        "ComponentsDigitized", at: "2025-06-02T09:00:00+07:00",
                        #"{"dossier":"000.20.31.H26-250124-0001","documents":1,"reused":1000001}"#)
                    + "]", field: "data.reused", status: .unprocessableContent),
            post(
                "an integer with a huge exponent",
                "["
                    + event(
                        "ComponentsDigitized", at: "2025-06-02T09:00:00+07:00",
                        #"{"dossier":"000.20.31.H26-250124-0001","documents":1e999999999,"reused":0}"#)
                    + "]", field: "data.documents", status: .unprocessableContent),
            Hostile(
                label: "invalid UTF-8", method: .post, path: "/v1/events", body: invalidUTF8,
                status: .badRequest),
            post(
                "a lone surrogate", "[" + received("S").replacingOccurrences(of: "\"S\"", with: #""\ud800""#) + "]",
                status: .badRequest),
            post("100,000-deep nesting", deep, status: .badRequest),
            post(
                "duplicate keys",
                "["
                    + received("DK").replacingOccurrences(
                        of: #""channel":"direct""#, with: #""channel":"direct","channel":"online""#)
                    + "]", status: .badRequest),
            Hostile(
                label: "16 MiB + 1 body", method: .post, path: "/v1/events",
                body: Array(repeating: UInt8(ascii: " "), count: 16 * 1024 * 1024 + 1), status: .contentTooLarge),
            Hostile(
                label: "NDJSON with a bad line in the middle", method: .post, path: "/v1/events",
                body: Array(
                    [received("ND-1"), received("ND-2", at: "2025-13-01T09:00:00+07:00"), received("ND-3")]
                        .joined(separator: "\n").utf8), contentType: "application/x-ndjson",
                status: .unprocessableContent, field: "occurredAt"),
            post("an empty body", "", status: .badRequest),
            post("a number", "1e999999", status: .badRequest),
            post("a NUL byte", "[\u{0}]", status: .badRequest),
            Hostile(
                label: "limit=-1", method: .get, path: "/v1/events?limit=-1", admin: true, status: .badRequest,
                field: "limit"),
            Hostile(
                label: "after past Int64", method: .get, path: "/v1/events?after=99999999999999999999", admin: true,
                status: .badRequest, field: "after"),
            Hostile(
                label: "limit past Int64", method: .get, path: "/v1/events?limit=99999999999999999999", admin: true,
                status: .badRequest, field: "limit"),
            Hostile(
                label: "period=9999-Q9", method: .get, path: "/v1/kpi?period=9999-Q9", status: .badRequest,
                field: "period"),
            Hostile(
                label: "period=99999", method: .get, path: "/v1/kpi?period=99999", status: .badRequest, field: "period"),
            Hostile(
                label: "asOf past Int64", method: .get, path: "/v1/kpi?period=2025&asOf=2262-04-12T00:00:00Z",
                status: .badRequest, field: "asOf"),
            Hostile(
                label: "asOf a five-digit year", method: .get, path: "/v1/kpi?period=2025&asOf=10000-01-01",
                status: .badRequest, field: "asOf"),
            Hostile(
                label: "by=everything", method: .get, path: "/v1/kpi?period=2025&by=everything", status: .badRequest,
                field: "by"),
            Hostile(
                label: "expectedVersion past Int", method: .post,
                path: "/v1/events?expectedVersion=dossier/X:99999999999999999999",
                body: Array("[\(received("EV"))]".utf8), status: .badRequest, field: "expectedVersion"),
            Hostile(
                label: "a stream code of 10,000 characters", method: .get,
                path: "/v1/streams/dossier/" + String(repeating: "A", count: 10_000), admin: true,
                status: .badRequest, field: "code"),
        ]
    }

    @Test func hostileRequestsAreRefusedAndTheServerKeepsServing() async throws {
        let directory = try CommandRunner.temporaryDirectory()
        let db = "sqlite:" + directory.appendingPathComponent("hostile.sqlite").path
        let demo = Self.root.appendingPathComponent("Replays/demo.ndjson").path
        #expect(try await CommandRunner.run(["import", demo, "--db", db]).status == 0)
        let center = try await CommandRunner.run(
            ["token", "create", "--db", db, "--role", "center", "--agency", "000.00.20.H26"]
        ).stdout.trimmingCharacters(in: .newlines)
        let admin = try await CommandRunner.run(["token", "create", "--db", db, "--role", "admin"]).stdout
            .trimmingCharacters(in: .newlines)
        // No per-token rate limit: hundreds of requests on one token, as fast as the server answers, are the
        // point here (FaultTests and ServeCommandTests test the limit).
        let (process, _, port) = try await ServeCommandTests.serve(["--db", db, "--public-kpi", "--token-rate", "0"])
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120)))
        client.connect()

        func head() async throws -> Int {
            let response = try await client.execute(
                .init("/v1/verify", method: .get, headers: [.authorization: "Bearer \(admin)"]))
            let body = String(buffer: response.body ?? ByteBuffer())
            let events = try #require(body.firstMatch(of: /"events":(\d+)/).flatMap { Int($0.1) }, "\(body)")
            return events
        }
        let before = try await head()

        for hostile in Self.hostileRequests {
            let token = hostile.admin ? admin : center
            let response = try await client.execute(
                .init(
                    hostile.path, method: hostile.method,
                    headers: [.authorization: "Bearer \(token)", .contentType: hostile.contentType],
                    body: ByteBuffer(bytes: hostile.body)))
            let body = String(buffer: response.body ?? ByteBuffer())
            if let status = hostile.status {
                #expect(response.status == status, "\(hostile.label): \(body.prefix(300))")
            }
            #expect((400..<500).contains(response.status.code), "\(hostile.label): \(response.status)")
            #expect(response.headers[.contentType] == "application/problem+json", "\(hostile.label)")
            #expect(body.contains(#""detail":"#), "\(hostile.label): \(body.prefix(300))")
            if let field = hostile.field {
                #expect(body.contains(#""field":"\#(field)""#), "\(hostile.label): \(body.prefix(300))")
            }
        }
        #expect(try await head() == before, "no hostile request appended anything")

        // A body cut off mid-stream, on a raw connection: the server drops it and goes on.
        let batch = Array("[\(Self.received("CUT"))]".utf8)
        let request =
            "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(center)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(batch.count)\r\n\r\n"
        try await RawConnection.send(Array(request.utf8) + batch.prefix(batch.count / 2), port: port)
        try await RawConnection.send(
            Array("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".utf8), port: port)
        try await RawConnection.send(Array("\u{0}\u{1}\u{2} NOT HTTP \r\n\r\n".utf8), port: port)

        // Every seed of the event fuzzer, and mutations of it, as batches of one: never a 5xx; the log
        // grows by exactly the events acknowledged as appended.
        var appended = 0
        let seeds = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Tests/Fuzz/event-line").path
        ).sorted()
        var generator = SplitMix64(seed: 10)
        for name in seeds {
            let line = try Array(Data(contentsOf: Self.root.appendingPathComponent("Tests/Fuzz/event-line/\(name)")))
            for body in [line] + Mutations.of(line, using: &generator, count: 4) {
                let response = try await client.execute(
                    .init(
                        "/v1/events", method: .post,
                        headers: [.authorization: "Bearer \(admin)", .contentType: "application/x-ndjson"],
                        body: ByteBuffer(bytes: body)))
                let text = String(buffer: response.body ?? ByteBuffer())
                #expect(response.status.code < 500, "\(name): \(response.status) \(text.prefix(200))")
                if response.status == .created {
                    appended += text.components(separatedBy: #""alreadyPresent":false"#).count - 1
                }
            }
        }
        #expect(appended > 0, "some seeds are new events")
        #expect(try await head() == before + appended)

        let health = try await client.execute(.init("/health", method: .get))
        #expect(health.status == .ok)
        #expect(process.isRunning)
        try await client.shutdown()
        let verified = try await CommandRunner.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
    }
}

/// A blocking loopback connection on a thread of its own: sends bytes, half-closes, reads until the
/// server closes (or a few seconds pass).
enum RawConnection {
    static func send(_ bytes: [UInt8], port: Int) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                guard fd >= 0 else { return continuation.resume(throwing: POSIXError(.EIO)) }
                defer { close(fd) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                guard connected == 0 else { return continuation.resume(throwing: POSIXError(.ECONNREFUSED)) }
                var timeout = timeval(tv_sec: 5, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                shutdown(fd, Int32(SHUT_WR))
                var buffer = [UInt8](repeating: 0, count: 4096)
                while read(fd, &buffer, buffer.count) > 0 {}
                continuation.resume()
            }.start()
        }
    }
}

/// Mutations of a valid line: byte flips, truncations, odd dates and offsets, huge numbers, deep nesting,
/// invalid UTF-8.
enum Mutations {
    static func of(_ line: [UInt8], using generator: inout SplitMix64, count: Int) -> [[UInt8]] {
        (0..<count).map { _ in one(line, using: &generator) }
    }

    static func one(_ line: [UInt8], using g: inout SplitMix64) -> [UInt8] {
        guard !line.isEmpty else { return [0xFF] }
        var bytes = line
        let at = g.int(0...(bytes.count - 1))
        switch g.int(0...8) {
        case 0: bytes[at] ^= UInt8(1) << UInt8(g.int(0...7))
        case 1: bytes = Array(bytes.prefix(at))
        case 2: bytes.insert(contentsOf: [0xED, 0xA0, 0x80], at: at)  // an encoded surrogate: invalid UTF-8
        case 3:
            bytes = replacing(
                bytes, of: "2025-", with: g.pick(["9999-", "0000-", "1999-", "2100-", "2025-02-30T"]))
        case 4:
            bytes = replacing(
                bytes, of: "+07:00", with: g.pick(["-23:59", "+24:00", "Z", "", "+07:60"]))
        case 5: bytes = replacing(bytes, of: "\"data\":", with: "\"data\":" + String(repeating: "[", count: 5000))
        case 6:
            let digits = g.pick(["99999999999999999999", "-1", "1e308", "0.5", "1000001", "-0"])
            bytes = replacing(bytes, of: ":10", with: ":" + digits)
            bytes = replacing(bytes, of: ":0,", with: ":" + digits + ",")
        case 7: bytes.insert(contentsOf: Array(#""x":1,"#.utf8), at: at)
        default:
            bytes = replacing(bytes, of: "\"dossier\":\"", with: "\"dossier\":\"" + String(repeating: "Ư", count: 70))
        }
        return bytes
    }

    private static func replacing(_ bytes: [UInt8], of target: String, with replacement: String) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: target, with: replacement).utf8)
    }
}
