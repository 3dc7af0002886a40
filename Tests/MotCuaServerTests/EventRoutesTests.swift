import Foundation
import Hummingbird
import HummingbirdTesting
import MotCuaDomain
import MotCuaServer
import MotCuaStore
import MotCuaStoreContract
import Testing

@Suite struct EventRoutesTests {
    @Test func postingABatchAnswersEachEventsPositionStreamAndVersion() async throws {
        let fixture = try await ServerFixture.make()
        let events = [SampleEvents.received("D-1"), SampleEvents.step("SupplementRequested", "D-1")]
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body(events))
            #expect(response.status == .created)
            #expect(response.headers[.contentType] == "application/json")
            let items = try appended(response)
            #expect(items.map { $0["position"] as? Int } == [4, 5])
            #expect(items.map { $0["stream"] as? String } == ["dossier/D-1", "dossier/D-1"])
            #expect(items.map { $0["version"] as? Int } == [1, 2])
            #expect(items.map { $0["alreadyPresent"] as? Bool } == [false, false])
            #expect(items.map { $0["id"] as? String } == events.map { "\($0.id)" })
        }
        #expect(try await fixture.head() == 5)
    }

    @Test func postingTheSameBatchTwiceStoresItOnceAndAnswersTheSamePositions() async throws {
        let fixture = try await ServerFixture.make()
        let events = (1...3).map { SampleEvents.received("D-\($0)") }
        try await fixture.test { client in
            let first = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body(events))
            let second = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body(events))
            #expect(first.status == .created)
            #expect(second.status == .ok)
            let firstItems = try appended(first)
            let secondItems = try appended(second)
            #expect(firstItems.map { $0["position"] as? Int } == [4, 5, 6])
            #expect(secondItems.map { $0["position"] as? Int } == [4, 5, 6])
            #expect(secondItems.map { $0["alreadyPresent"] as? Bool } == [true, true, true])
        }
        #expect(try await fixture.head() == 6)
    }

    @Test func anInvalidEventInABatchOf100Gets422NamingItsIndexAndRuleAndNothingIsStored() async throws {
        let fixture = try await ServerFixture.make()
        var events = (0..<100).map { SampleEvents.received("D-\($0)") }
        // Event 57 names a procedure that was never published.
        let bad = SampleEvents.event(
            "DossierReceived", "2025-01-24T10:00:00+07:00",
            #""dossier":"D-57","procedure":"P9","agency":"A1","channel":"online","applicant":"citizen""#)
        events[57] = bad
        try await fixture.test { [events] client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body(events))
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try object(response)
            #expect(problem["index"] as? Int == 57)
            #expect(problem["rule"] as? String == "unknownProcedure")
            #expect(problem["type"] as? String == "https://motcua.vn/problems/unknown-procedure")
            #expect(problem["id"] as? String == "\(bad.id)")
            #expect(problem["field"] as? String == "data.procedure")
            #expect(problem["status"] as? Int == 422)
        }
        #expect(try await fixture.head() == 3)
    }

    @Test func anUndecodableEventIsNamedByIndexFieldAndRule() async throws {
        let fixture = try await ServerFixture.make()
        let good = String(decoding: SampleEvents.received("D-1").canonicalJSON, as: UTF8.self)
        let missing =
            #"{"id":"0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f","type":"DossierReceived","#
            + #""occurredAt":"2025-01-24T10:00:00+07:00","data":{"dossier":"D-2","procedure":"P1","agency":"A1","#
            + #""applicant":"citizen"}}"#
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin"),
                body: ByteBuffer(string: "[\(good),\(good),\(missing)]"))
            #expect(response.status == .unprocessableContent)
            let problem = try object(response)
            #expect(problem["index"] as? Int == 2)
            #expect(problem["field"] as? String == "data.channel")
            #expect(problem["rule"] as? String == "missingField")
            #expect(problem["id"] as? String == "0b9e2f7c-5d1a-4c3e-9f2a-7a6b5c4d3e2f")
        }
        #expect(try await fixture.head() == 3)
    }

    @Test(arguments: ["\n", "\r\n"])
    func ndjsonBatchesAreAccepted(lineEnd: String) async throws {
        let fixture = try await ServerFixture.make()
        let events = [SampleEvents.received("D-1"), SampleEvents.received("D-2")]
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post,
                headers: fixture.headers("admin", contentType: "application/x-ndjson"),
                body: ndjson(events, lineEnd: lineEnd))
            #expect(response.status == .created)
            #expect(try appended(response).map { $0["position"] as? Int } == [4, 5])
        }
    }

    @Test func aCenterMayNotPostForAnotherAgencyAndNothingIsStored() async throws {
        let fixture = try await ServerFixture.make()
        let events = [SampleEvents.received("D-1"), SampleEvents.received("D-2", agency: "A2")]
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body(events))
            #expect(response.status == .forbidden)
            let problem = try object(response)
            #expect(problem["index"] as? Int == 1)
            #expect(problem["rule"] as? String == "outOfScope")
            #expect(problem["field"] as? String == "data.agency")
        }
        #expect(try await fixture.head() == 3)
    }

    @Test func aTransferHandsTheStreamToTheReceivingAgencysCenter() async throws {
        let fixture = try await ServerFixture.make()
        let transfer = SampleEvents.event(
            "DossierTransferred", "2025-01-25T09:00:00+07:00", #""dossier":"D-1","toAgency":"A2""#)
        let after = SampleEvents.step("SupplementRequested", "D-1")
        try await fixture.test { client in
            // A1's center may hand its dossier over...
            let handed = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"),
                body: body([SampleEvents.received("D-1"), transfer]))
            #expect(handed.status == .created)
            // ...after which only A2's center may go on with it.
            let refused = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"), body: body([after]))
            #expect(refused.status == .forbidden)
            #expect(try object(refused)["field"] as? String == "data.dossier")
            let accepted = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA2"), body: body([after]))
            #expect(accepted.status == .created)
        }
        #expect(try await fixture.head() == 6)
    }

    @Test func catalogueEventsNeedAnAdmin() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let refused = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"),
                body: body([SampleEvents.agency("A3")]))
            #expect(refused.status == .forbidden)
            #expect(try object(refused)["field"] as? String == "type")
            let accepted = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin"),
                body: body([SampleEvents.agency("A3")]))
            #expect(accepted.status == .created)
        }
        #expect(try await fixture.head() == 4)
    }

    @Test func expectedVersionsAreChecked() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let created = try await client.execute(
                uri: "/v1/events?expectedVersion=dossier/D-1:0", method: .post, headers: fixture.headers("centerA1"),
                body: body([SampleEvents.received("D-1")]))
            #expect(created.status == .created)
            let step = String(decoding: SampleEvents.step("SupplementRequested", "D-1").canonicalJSON, as: UTF8.self)
            let stale = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"),
                body: ByteBuffer(string: #"{"events":[\#(step)],"expectedVersions":{"dossier/D-1":0}}"#))
            #expect(stale.status == .conflict)
            #expect(try object(stale)["rule"] as? String == "versionMismatch")
            let current = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("centerA1"),
                body: ByteBuffer(string: #"{"events":[\#(step)],"expectedVersions":{"dossier/D-1":1}}"#))
            #expect(current.status == .created)
            let malformed = try await client.execute(
                uri: "/v1/events?expectedVersion=D-1", method: .post, headers: fixture.headers("centerA1"),
                body: body([SampleEvents.received("D-2")]))
            #expect(malformed.status == .badRequest)
            #expect(try object(malformed)["field"] as? String == "expectedVersion")
        }
        #expect(try await fixture.head() == 5)
    }

    @Test func bodiesAndBatchesBeyondTheLimitsGet413() async throws {
        let fixture = try await ServerFixture.make { configuration in
            configuration.maximumBodyBytes = 4_000
            configuration.maximumBatchEvents = 3
        }
        try await fixture.test { client in
            let tooMany = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin"),
                body: body((1...4).map { SampleEvents.received("D-\($0)") }))
            #expect(tooMany.status == .contentTooLarge)
            #expect(try object(tooMany)["type"] as? String == "https://motcua.vn/problems/batch-too-large")
            let tooBig = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin"),
                body: ByteBuffer(string: "[" + String(repeating: " ", count: 5_000) + "]"))
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.headers[.contentType] == "application/problem+json")
        }
        #expect(try await fixture.head() == 3)
    }

    @Test func malformedBodiesAndMediaTypesAreRefused() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let notJSON = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin"), body: ByteBuffer(string: "[{"))
            #expect(notJSON.status == .badRequest)
            #expect(try object(notJSON)["type"] as? String == "https://motcua.vn/problems/malformed-json")
            let scalar = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin"), body: ByteBuffer(string: "42"))
            #expect(scalar.status == .badRequest)
            let xml = try await client.execute(
                uri: "/v1/events", method: .post, headers: fixture.headers("admin", contentType: "application/xml"),
                body: ByteBuffer(string: "<events/>"))
            #expect(xml.status == .unsupportedMediaType)
        }
        #expect(try await fixture.head() == 3)
    }

    @Test func theLogIsReadInPagesAsJSONOrNDJSON() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let page = try await client.execute(
                uri: "/v1/events?after=1&limit=1", method: .get, headers: fixture.headers("auditor"))
            #expect(page.status == .ok)
            let json = try object(page)
            let events = json["events"] as? [[String: Any]] ?? []
            #expect(events.map { $0["position"] as? Int } == [2])
            #expect(events.first?["stream"] as? String == "agency/A2")
            #expect((events.first?["hash"] as? String)?.count == 64)
            #expect(json["next"] as? Int == 2)
            var accept = fixture.headers("auditor")
            accept[.accept] = "application/x-ndjson"
            let lines = try await client.execute(uri: "/v1/events", method: .get, headers: accept)
            #expect(lines.headers[.contentType] == "application/x-ndjson")
            let records = try await fixture.store.read(after: 0, limit: 10)
            let expected = records.map { String(decoding: $0.exportLine, as: UTF8.self) + "\n" }.joined()
            #expect(String(buffer: lines.body) == expected)
            let bad = try await client.execute(
                uri: "/v1/events?limit=0", method: .get, headers: fixture.headers("auditor"))
            #expect(bad.status == .badRequest)
            #expect(try object(bad)["field"] as? String == "limit")
        }
    }

    /// Recorded events inside a JSON answer are their export lines byte for byte (spliced in, never
    /// re-encoded), among members in alphabetical order, an absent state an explicit `null`.
    @Test func jsonAnswersHoldTheExportLinesByteForByte() async throws {
        let fixture = try await ServerFixture.make()
        try await fixture.test { client in
            let records = try await fixture.store.read(after: 0, limit: 2)
            let lines = records.map { String(decoding: $0.exportLine, as: UTF8.self) }.joined(separator: ",")
            let page = try await client.execute(
                uri: "/v1/events?limit=2", method: .get, headers: fixture.headers("auditor"))
            #expect(String(buffer: page.body) == #"{"events":[\#(lines)],"next":2}"#)

            let stream = try await fixture.store.read(stream: StreamID(.agency, Code("A1")!))
            let events = stream.map { String(decoding: $0.exportLine, as: UTF8.self) }.joined(separator: ",")
            let answer = try await client.execute(
                uri: "/v1/streams/agency/A1", method: .get, headers: fixture.headers("auditor"))
            #expect(
                String(buffer: answer.body)
                    == #"{"events":[\#(events)],"state":null,"stream":"agency/A1","version":\#(stream.count)}"#)
        }
    }
}
