import NIOCore
import NIOHTTP1
import NIOPosix

/// A closed-loop HTTP/1.1 load generator on SwiftNIO: `clients` keep-alive connections, each sending
/// one request and waiting for its answer before the next, until `seconds` have passed.
///
/// Native and event-driven, so that on a machine shared with the server the client costs little of it.
struct HTTPLoad: Sendable {
    /// The answers of one run.
    struct Result: Sendable {
        /// Requests answered with the expected status.
        var succeeded = 0
        /// Requests answered with any other status.
        var failed = 0
        /// The first unexpected answer, `status body`.
        var firstFailure: String?
        /// Latency of each successful request, in nanoseconds.
        var latencies: [UInt64] = []
        /// Wall seconds from the first connection to the last answer.
        var seconds = 0.0

        /// The mean latency, in milliseconds.
        var meanLatency: Double {
            latencies.isEmpty ? 0 : Double(latencies.reduce(0, +)) / Double(latencies.count) / 1e6
        }

        /// The `fraction` quantile of the latencies, in milliseconds.
        func latency(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))
            return Double(sorted[index]) / 1e6
        }

        mutating func merge(_ other: Result) {
            succeeded += other.succeeded
            failed += other.failed
            firstFailure = firstFailure ?? other.firstFailure
            latencies += other.latencies
        }
    }

    var host = "127.0.0.1"
    var port: Int
    var method = HTTPMethod.POST
    /// The path of request `request` of connection `client`.
    var path: @Sendable (_ client: Int, _ request: Int) -> String = { _, _ in "/v1/events" }
    var token: String
    var clients: Int
    var seconds: Double
    var expectedStatus: UInt = 201
    /// The body of request `request` of connection `client`.
    var body: @Sendable (_ client: Int, _ request: Int) -> [UInt8]

    /// Runs the load and returns every connection's answers together.
    func run() async throws -> Result {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let result = try await run(on: group)
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func run(on group: MultiThreadedEventLoopGroup) async throws -> Result {
        let started = NIODeadline.now()
        let deadline = started + .nanoseconds(Int64(seconds * 1e9))
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: "/")
        head.headers.add(name: "Host", value: "\(host):\(port)")
        head.headers.add(name: "Authorization", value: "Bearer \(token)")
        head.headers.add(name: "Content-Type", value: "application/json")
        let template = head
        var finished: [EventLoopFuture<Result>] = []
        for client in 0..<clients {
            let done = group.next().makePromise(of: Result.self)
            let body = self.body
            let path = self.path
            let expected = expectedStatus
            _ = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            LoadHandler(
                                client: client, head: template, path: path, body: body, expected: expected,
                                deadline: deadline, done: done))
                    }
                }
                .connect(host: host, port: port).get()
            finished.append(done.futureResult)
        }
        var result = Result()
        for future in finished { result.merge(try await future.get()) }
        result.seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        return result
    }

    /// One request's answer, whole: `GET path` with the token, for reading `/metrics` after a run.
    func get(_ path: String) async throws -> (status: UInt, body: String) {
        var load = self
        load.method = .GET
        load.path = { _, _ in path }
        load.clients = 1
        load.seconds = 0
        load.expectedStatus = 0  // every answer is "unexpected", so its body is kept
        load.body = { _, _ in [] }
        let result = try await load.run()
        let answer = result.firstFailure ?? ""
        let status = UInt(answer.prefix { $0 != " " }) ?? 0
        return (status, String(answer.drop { $0 != " " }.dropFirst()))
    }
}

/// One connection of the load: sends, waits for the whole answer, records it, sends again.
private final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let client: Int
    private let head: HTTPRequestHead
    private let path: @Sendable (Int, Int) -> String
    private let body: @Sendable (Int, Int) -> [UInt8]
    private let expected: UInt
    private let deadline: NIODeadline
    private let done: EventLoopPromise<HTTPLoad.Result>
    private var result = HTTPLoad.Result()
    private var request = 0
    private var sentAt = NIODeadline.now()
    private var status: UInt = 0
    private var answer: [UInt8] = []

    init(
        client: Int, head: HTTPRequestHead, path: @escaping @Sendable (Int, Int) -> String,
        body: @escaping @Sendable (Int, Int) -> [UInt8], expected: UInt, deadline: NIODeadline,
        done: EventLoopPromise<HTTPLoad.Result>
    ) {
        self.client = client
        self.head = head
        self.path = path
        self.body = body
        self.expected = expected
        self.deadline = deadline
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context: context)
        context.fireChannelActive()
    }

    private func send(context: ChannelHandlerContext) {
        let bytes = body(client, request)
        var head = self.head
        head.uri = path(client, request)
        request += 1
        head.headers.add(name: "Content-Length", value: String(bytes.count))
        sentAt = .now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !bytes.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status.code
            answer.removeAll(keepingCapacity: true)
        case .body(var buffer):
            if status != expected, result.firstFailure == nil, answer.count < 1 << 20 {
                answer += buffer.readBytes(length: buffer.readableBytes) ?? []
            }
        case .end:
            let now = NIODeadline.now()
            if status == expected {
                result.succeeded += 1
                result.latencies.append(UInt64((now - sentAt).nanoseconds))
            } else {
                result.failed += 1
                if result.firstFailure == nil {
                    result.firstFailure = "\(status) \(String(decoding: answer, as: UTF8.self))"
                }
            }
            if now < deadline { send(context: context) } else { context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if result.firstFailure == nil { result.firstFailure = "connection: \(error)" }
        result.failed += 1
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.succeed(result)
        context.fireChannelInactive()
    }
}
