import Foundation
import Hummingbird
import Logging
import MotCuaDomain
import MotCuaStore
import Prometheus

extension MotCuaServer {
    func addEventRoutes(to router: Router<ServerContext>) {
        router.post("/v1/events") { request, context in
            try await admission.admit { try await postEvents(request, context) }
        }
        router.get("/v1/events") { request, context in try await getEvents(request, context) }
    }

    /// POST /v1/events: a batch (JSON array, `{"events", "expectedVersions"}`, or NDJSON), all or nothing.
    func postEvents(_ request: Request, _ context: ServerContext) async throws -> EditedResponse<AppendResponse> {
        let caller = try context.require(.center, .admin, for: "posting events")
        let limit = configuration.maximumBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem.bodyTooLarge("the request body is larger than \(limit) bytes")
        }
        let buffer = try await request.body.collect(upTo: limit)
        let bytes = Array(buffer.readableBytesView)
        var batch = try decodeBatch(bytes, contentType: request.headers[.contentType])
        for item in request.uri.queryParameters.getAll("expectedVersion") {
            let (stream, version) = try parseExpectedVersion(String(item))
            batch.expectedVersions[stream] = version
        }
        guard batch.events.count <= configuration.maximumBatchEvents else {
            throw Problem(
                .contentTooLarge, code: .batchTooLarge, title: "Batch too large",
                detail: "the batch has \(batch.events.count) events; at most \(configuration.maximumBatchEvents) "
                    + "are accepted per request")
        }
        if caller.role == .center { batch.agencyScope = caller.agencies }
        let started = ContinuousClock.now
        let results: [AppendResult]
        do {
            results = try await store.append(batch)
            writeHealth.succeeded()
        } catch let error as EventStoreError where error.code == .storage || error.code == .connectionLost {
            writeHealth.failed(error.message, at: configuration.clock())
            throw error
        }
        metrics.appendDuration.record(ContinuousClock.now - started)
        metrics.batchEvents.record(Double(batch.events.count))
        var appended: [EventType: Int] = [:]
        for (event, result) in zip(batch.events, results) where !result.alreadyPresent {
            appended[event.type, default: 0] += 1
        }
        for (type, count) in appended { metrics.appended(type, count: count) }
        let items = zip(batch.events, results).enumerated().map { index, pair in
            AppendResponse.Item(
                index: index, id: "\(pair.0.id)", position: pair.1.position, stream: pair.1.stream.description,
                version: pair.1.version, alreadyPresent: pair.1.alreadyPresent)
        }
        return EditedResponse(status: appended.isEmpty ? .ok : .created, response: AppendResponse(events: items))
    }

    /// The batch a body holds, decoded strictly; a bad event is named by its index.
    func decodeBatch(_ bytes: [UInt8], contentType: String?) throws -> AppendBatch {
        let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        switch mediaType {
        case "application/x-ndjson":
            var events: [EventEnvelope] = []
            for line in NDJSON.events(in: bytes) {
                do {
                    events.append(try EventEnvelope.decode(json: Array(line.event)))
                } catch {
                    throw Problem(index: events.count, error)
                }
            }
            return AppendBatch(events)
        case "application/json", nil:
            let document: JSONParser.Document
            do {
                document = try JSONParser.scan(bytes, expanding: "expectedVersions")
            } catch {
                throw Problem(
                    .badRequest, code: .malformedJSON, title: "Malformed JSON",
                    detail: "the body is not JSON: \(error)")
            }
            func member(_ name: String) -> JSONSpan? {
                document.members.first { JSONParser.string(bytes, $0.key, equals: name) }?.value
            }
            switch document.root.kind {
            case .array:
                return AppendBatch(try decodeEvents(bytes, JSONParser.elements(bytes, of: document.root)))
            case .object:
                for member in document.members {
                    let key = JSONParser.string(bytes, member.key)
                    guard key == "events" || key == "expectedVersions" else {
                        throw Problem.badParameter(
                            key, "unknown member \"\(key)\"; a batch object has events and expectedVersions")
                    }
                }
                guard let events = member("events"), events.kind == .array else {
                    throw Problem.badParameter("events", "a batch object needs an events array")
                }
                var batch = AppendBatch(try decodeEvents(bytes, JSONParser.elements(bytes, of: events)))
                switch member("expectedVersions")?.kind {
                case nil, .null?: break
                case .object?:
                    for member in document.nested ?? [] {
                        let key = JSONParser.string(bytes, member.key)
                        guard member.value.kind == .number, let version = Int(JSONParser.text(bytes, member.value)),
                            version >= 0
                        else {
                            throw Problem.badParameter(
                                "expectedVersions", "expectedVersions[\(key)] must be a whole number ≥ 0")
                        }
                        guard let stream = StreamID(key) else {
                            throw Problem.badParameter(
                                "expectedVersions", "\"\(key)\" is not a stream like dossier/<code>")
                        }
                        batch.expectedVersions[stream] = version
                    }
                default:
                    throw Problem.badParameter("expectedVersions", "expectedVersions must be an object")
                }
                return batch
            default:
                throw Problem(
                    .badRequest, code: .malformedBatch, title: "Malformed batch",
                    detail: "the body must be a JSON array of events or an object with an events array")
            }
        default:
            throw Problem(
                .unsupportedMediaType, code: .unsupportedMediaType, title: "Unsupported media type",
                detail: "send application/json or application/x-ndjson")
        }
    }

    private func decodeEvents(_ bytes: [UInt8], _ items: [JSONSpan]) throws -> [EventEnvelope] {
        var events: [EventEnvelope] = []
        events.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                events.append(try EventEnvelope.decode(json: bytes, in: item.start..<item.end))
            } catch {
                throw Problem(index: index, error)
            }
        }
        return events
    }

    /// `dossier/D-1:3` → (stream, 3).
    private func parseExpectedVersion(_ text: String) throws -> (StreamID, Int) {
        guard let colon = text.lastIndex(of: ":"), let stream = StreamID(String(text[..<colon])),
            let version = Int(text[text.index(after: colon)...]), version >= 0
        else {
            throw Problem.badParameter("expectedVersion", "expectedVersion must be STREAM:VERSION like dossier/D-1:3")
        }
        return (stream, version)
    }

    /// GET /v1/events?after=P&limit=N: the recorded log, as the export writes it.
    func getEvents(_ request: Request, _ context: ServerContext) async throws -> Response {
        _ = try context.require(.auditor, .admin, for: "reading the log")
        let query = request.uri.queryParameters
        let after = try integer(query.get("after"), name: "after", default: 0, range: 0...Int64.max)
        let limit = try integer(
            query.get("limit"), name: "limit", default: 1000, range: 1...Int64(configuration.maximumPageEvents))
        let records = try await store.read(after: after, limit: Int(limit))
        if wantsNDJSON(request) {
            var body: [UInt8] = []
            for record in records { body += record.exportLine + [UInt8(ascii: "\n")] }
            return Response(
                status: .ok, headers: [.contentType: "application/x-ndjson"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        return try EventPageResponse(
            events: records.map { RawJSON($0.exportLine) }, next: records.last?.position ?? after
        ).response(from: request, context: context)
    }
}

/// A whole-number query parameter within `range`, or 400 naming it.
func integer(_ text: String?, name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
    guard let text else { return value }
    guard let number = Int64(text), range.contains(number) else {
        throw Problem.badParameter(name, "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
    }
    return number
}

/// Whether the client asked for NDJSON.
func wantsNDJSON(_ request: Request) -> Bool {
    request.headers[.accept]?.contains("application/x-ndjson") ?? false
}
