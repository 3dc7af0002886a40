import MotCuaDomain
import MotCuaStore
import Testing

/// The store module's values that need no database: the hash chain's arithmetic, import lines and access
/// tokens. (What needs one, the writer and the verifier, runs in the store contract on every backend.)
@Suite("Hash chain, import lines and access tokens")
struct StoreValuesTests {
    @Test("the chain is SHA-256 of the previous hash and the record, from 32 zero bytes")
    func chainArithmetic() {
        let abc = Array("abc".utf8)
        // FIPS 180-2's example, and the same record after genesis (python3: sha256(bytes(32) + b"abc")).
        #expect(
            HashChain.hexString(HashChain.next(after: [], record: abc))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            HashChain.hexString(HashChain.next(after: HashChain.genesis, record: abc))
                == "365aa7d8f7f9402c4b9434502b4cc89ddb09fe50d7cd95b493b834c62d5a5370")
        #expect(HashChain.genesis == [UInt8](repeating: 0, count: 32))
    }

    @Test("hex reads both cases and refuses odd lengths and other characters")
    func hex() {
        let bytes: [UInt8] = [0x00, 0x7F, 0x80, 0xAB, 0xFF]
        #expect(HashChain.hexString(bytes) == "007f80abff")
        #expect(HashChain.bytes(hex: "007f80abff") == bytes)
        #expect(HashChain.bytes(hex: "007F80ABFF") == bytes)
        #expect(HashChain.bytes(hex: "") == [])
        for bad in ["0", "0g", "zz", "00 1", "+1"] { #expect(HashChain.bytes(hex: bad) == nil, "\(bad)") }
    }

    static let event =
        #"{"id":"00000000-0000-4000-8000-000000000003","type":"ProcedurePublished","occurredAt":"2025-01-02T08:05:00+07:00","data":{"procedure":"1.004227","name":"Lý lịch tư pháp","sector":"TP","field":"LLTP","timeLimitDays":10,"writtenResult":true,"fullOnlineEligible":true}}"#
    static let hash = String(repeating: "ab", count: 32)

    /// A recorded line as `export` writes it, with `members` replacing its recorded members.
    static func recorded(_ members: [String: String] = [:]) -> [UInt8] {
        let defaults = [
            "position": "7", "stream": #""procedure/1.004227""#, "version": "1",
            "recordedAt": #""2025-01-02T01:05:00.000001Z""#, "hash": "\"\(hash)\"",
        ]
        let values = defaults.merging(members) { $1 }
        let head = ["position", "stream", "version", "recordedAt"].map { "\"\($0)\":\(values[$0]!)" }
        return Array(
            ("{" + head.joined(separator: ",") + "," + event.dropFirst().dropLast() + ",\"hash\":\(values["hash"]!)}")
                .utf8)
    }

    @Test("an interchange line is an event; a line with a position is a recorded event with its origin")
    func importLines() throws {
        let plain = try EventEnvelope.decode(json: Array(Self.event.utf8))
        guard case .event(let event) = try ImportLine.decode(Array(Self.event.utf8)) else {
            Issue.record("an interchange line read as recorded")
            return
        }
        #expect(event == plain)
        guard case .recorded(let again, let origin) = try ImportLine.decode(Self.recorded()) else {
            Issue.record("a recorded line read as interchange")
            return
        }
        #expect(again == plain)
        #expect(origin.position == 7)
        #expect(origin.hash == HashChain.bytes(hex: Self.hash))
    }

    @Test(
        "a recorded line's own members are checked, each by name",
        arguments: [
            ("position", "0"), ("position", #""7""#), ("stream", #""procedure/other""#), ("version", "-1"),
            ("recordedAt", #""yesterday""#), ("hash", #""abc""#),
        ])
    func recordedMembersAreChecked(member: String, value: String) {
        #expect {
            _ = try ImportLine.decode(Self.recorded([member: value]))
        } throws: { error in
            (error as? EventError)?.field == member
        }
    }

    @Test("a token's secret is 256 random bits; its record keeps the hash, sorted agencies, and expires on time")
    func tokens() throws {
        let agencies = [try #require(Code("B")), try #require(Code("A")), try #require(Code("B"))]
        let created = try Timestamp(parsing: "2026-01-05T09:00:00+07:00")
        let expires = try Timestamp(parsing: "2026-04-05T09:00:00+07:00")
        let (secret, token) = AccessToken.issue(role: .center, agencies: agencies, at: created, expiresAt: expires)
        let (other, _) = AccessToken.issue(role: .center, agencies: agencies, at: created)
        #expect(secret.hasPrefix("mct_") && secret.count == 4 + 43 && secret != other)
        #expect(secret.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(token.hash == AccessToken.hash(secret: secret) && token.hash != AccessToken.hash(secret: other))
        #expect(token.id == HashChain.hexString(Array(token.hash.prefix(6))))
        #expect(token.agencies.map(\.rawValue) == ["A", "B"])
        #expect(!token.isExpired(at: created.instant))
        #expect(token.isExpired(at: expires.instant))
        #expect(AccessToken.isValidLabel("Một cửa phường Phúc Xá"))
        for bad in ["", "a\nb", "tab\t", String(repeating: "x", count: 101)] {
            #expect(!AccessToken.isValidLabel(bad))
        }
    }
}
