import Crypto
public import MotCuaDomain

/// A bearer token's record: who may do what. The secret itself is never stored, only its SHA-256.
public struct AccessToken: Sendable, Hashable {
    /// What a token may do (DESIGN.md, HTTP): post its agencies' dossier and complaint events, read the
    /// log, read KPIs, or everything.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// A one-stop center: posts dossier and complaint events of streams held by its agencies.
        case center
        /// Reads the log, streams and verification.
        case auditor
        /// Reads KPIs and metrics.
        case monitor
        /// Everything, including catalogue events.
        case admin
    }

    /// A short public name for listing and revoking (the first 12 hex digits of the hash).
    public let id: String
    /// SHA-256 of the secret.
    public let hash: [UInt8]
    public let role: Role
    /// For `center`: the agencies whose streams it may post to, sorted; empty for other roles.
    public let agencies: [Code]
    public let createdAt: Timestamp
    /// When it was revoked; a revoked token authenticates nobody.
    public let revokedAt: Timestamp?
    /// When it stops authenticating (`nil`: never); set at creation, never changed.
    public let expiresAt: Timestamp?
    /// Whom it was made for, e.g. "Một cửa phường Phúc Xá" (see `isValidLabel`); set at creation, never changed.
    public let label: String?
    /// The last time a server accepted it, as far as recorded (servers record a use at most once a minute
    /// per token); `nil` while never used. Not part of the token's record: inserting ignores it.
    public let lastUsedAt: Timestamp?

    /// A record with every field given (stores rebuild stored records with it).
    public init(
        id: String, hash: [UInt8], role: Role, agencies: [Code], createdAt: Timestamp, revokedAt: Timestamp?,
        expiresAt: Timestamp? = nil, label: String? = nil, lastUsedAt: Timestamp? = nil
    ) {
        self.id = id
        self.hash = hash
        self.role = role
        self.agencies = agencies
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
        self.label = label
        self.lastUsedAt = lastUsedAt
    }

    /// A new random secret (`mct_` and 43 base64url characters: 256 bits) and its record.
    public static func issue(
        role: Role, agencies: [Code], at time: Timestamp, expiresAt: Timestamp? = nil, label: String? = nil
    ) -> (secret: String, token: AccessToken) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = "mct_" + base64URL(bytes)
        let hash = hash(secret: secret)
        let token = AccessToken(
            id: HashChain.hexString(Array(hash.prefix(6))), hash: hash, role: role,
            agencies: Array(Set(agencies)).sorted(),
            createdAt: time, revokedAt: nil, expiresAt: expiresAt, label: label)
        return (secret, token)
    }

    /// Whether the token has expired at `instant` (it stops working at `expiresAt` itself).
    public func isExpired(at instant: Instant) -> Bool {
        expiresAt.map { $0.instant <= instant } ?? false
    }

    /// How many characters (Unicode scalars, as the databases' `length` counts them) a label may have.
    public static let labelLengths = 1...100

    /// Whether `label` may name a token: `labelLengths` characters, none of them a control character (so
    /// that it stays on its line of `token list`).
    public static func isValidLabel(_ label: String) -> Bool {
        labelLengths.contains(label.unicodeScalars.count)
            && !label.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The SHA-256 of a presented secret, to look its record up.
    public static func hash(secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(secret.utf8)))
    }

    /// RFC 4648 §5 base64url without padding.
    private static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for byte in chunk { value = value << 8 | UInt32(byte) }
            value <<= UInt32(8 * (3 - chunk.count))
            for k in 0...chunk.count { out.append(alphabet[Int(value >> UInt32(18 - 6 * k)) & 63]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Where bearer tokens are kept: hashes and scopes, never secrets. Every `EventStore` is one.
public protocol TokenStore: Sendable {
    /// Stores a new token record.
    /// - Throws: `EventStoreError` `.storage` when its id or hash is already present.
    func insert(_ token: AccessToken) async throws

    /// Every token record, revoked ones included, in creation order.
    func tokens() async throws -> [AccessToken]

    /// The record whose hash is `hash`, revoked or not, or `nil`.
    func token(hash: [UInt8]) async throws -> AccessToken?

    /// Marks the token `id` revoked at `time`.
    /// - Returns: `false` when no such token exists or it was already revoked (nothing changes then).
    func revokeToken(id: String, at time: Timestamp) async throws -> Bool

    /// Records when tokens were used, by id, in one transaction: each token's last use moves forward to
    /// the time given, never back; ids of no token are ignored. Servers call it off the request path, at
    /// most once a minute per token.
    func recordTokenUses(_ uses: [String: Timestamp]) async throws
}

extension AccessToken {
    /// `agencies` as stores keep them: the sorted codes joined by `,` (a code never contains one), empty for
    /// none.
    package var storedAgencies: String { agencies.sorted().map(\.rawValue).joined(separator: ",") }

    /// A record rebuilt from a store's columns: `role` by its raw value, `agencies` as `storedAgencies`
    /// writes them, the times as `Timestamp.text`.
    ///
    /// - Throws: `EventStoreError` `.storage` naming the column that holds what no store writes.
    package init(
        stored id: String, hash: [UInt8], role: String, agencies: String, createdAt: String, revokedAt: String?,
        expiresAt: String?, label: String?, lastUsedAt: String?
    ) throws(EventStoreError) {
        func invalid(_ column: String) -> EventStoreError {
            EventStoreError(.storage, "access token \(id): the stored \(column) is not valid")
        }
        func time(_ text: String?, _ column: String) throws(EventStoreError) -> Timestamp? {
            guard let text else { return nil }
            guard let time = try? Timestamp(parsing: text) else { throw invalid(column) }
            return time
        }
        guard let role = Role(rawValue: role) else { throw invalid("role") }
        var codes: [Code] = []
        if !agencies.isEmpty {
            for text in agencies.split(separator: ",", omittingEmptySubsequences: false) {
                guard let code = Code(String(text)) else { throw invalid("agencies") }
                codes.append(code)
            }
        }
        guard let created = try time(createdAt, "created_at") else { throw invalid("created_at") }
        if let label, !AccessToken.isValidLabel(label) { throw invalid("label") }
        self.init(
            id: id, hash: hash, role: role, agencies: codes, createdAt: created,
            revokedAt: try time(revokedAt, "revoked_at"), expiresAt: try time(expiresAt, "expires_at"), label: label,
            lastUsedAt: try time(lastUsedAt, "last_used_at"))
    }

    /// Refuses a record that no store keeps: a label that `isValidLabel` refuses, or an expiry that is not
    /// after the creation.
    ///
    /// - Throws: `EventStoreError` `.invalidRequest` saying which.
    package func checkInsertable() throws(EventStoreError) {
        if let label, !AccessToken.isValidLabel(label) {
            throw EventStoreError(
                .invalidRequest,
                "access token \(id): a label has 1 to 100 characters and no control characters")
        }
        if let expiresAt, expiresAt.instant <= createdAt.instant {
            throw EventStoreError(.invalidRequest, "access token \(id): it must expire after it is created")
        }
    }

    /// A last use as stores keep it: UTC with six fraction digits, a fixed width, so that comparing the
    /// texts compares the instants.
    package static func storedUse(_ time: Timestamp) -> String {
        Timestamp(utcMicroseconds: time.instant).text
    }

    /// `tokens` in creation order: by the instant of `createdAt` (texts may carry different offsets), then
    /// by id.
    package static func inCreationOrder(_ tokens: [AccessToken]) -> [AccessToken] {
        tokens.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}
