import MotCuaDomain
import MotCuaStore

extension Checks {
    /// Expiry and label round-trip as written; bad ones are refused; last uses move forward only, are
    /// listed with the token and survive its revocation.
    static func tokenExpiryLabelAndUses(_ store: any EventStore) async throws {
        let hour: Int64 = 3_600_000_000_000
        let created = Timestamp(utcMicroseconds: S.now)
        // Written at +07:00 on purpose: the store keeps the text as given.
        let expiry = Timestamp(vietnam: S.now.adding(nanoseconds: 90 * 24 * hour))
        let label = "Một cửa phường Phúc Xá"
        let (secret, center) = AccessToken.issue(
            role: .center, agencies: [Code("A1")!], at: created, expiresAt: expiry, label: label)
        let (_, plain) = AccessToken.issue(role: .auditor, agencies: [], at: created)
        // 100 characters of two UTF-8 bytes each: the limit counts characters, not bytes.
        let (_, longest) = AccessToken.issue(
            role: .monitor, agencies: [], at: created, label: String(repeating: "ệ", count: 100))
        for token in [center, plain, longest] { try await store.insert(token) }

        let found = try await store.token(hash: AccessToken.hash(secret: secret))
        try require(
            found == center, "a token is found with its expiry and label as inserted: \(String(describing: found))")
        try require(found?.expiresAt?.text == expiry.text, "the expiry keeps its text")
        try require(found?.label == label, "the label keeps its text")
        try require(found?.lastUsedAt == nil, "a token never used has no last use")
        let listed = try await store.tokens()
        try require(Set(listed) == [center, plain, longest], "every token is listed as inserted: \(listed)")
        try require(
            listed.first { $0.id == plain.id }.map { $0.expiresAt == nil && $0.label == nil } == true,
            "a token made without expiry or label has neither")

        for (what, bad) in [
            ("an empty label", AccessToken.issue(role: .admin, agencies: [], at: created, label: "").token),
            (
                "a label of 101 characters",
                AccessToken.issue(
                    role: .admin, agencies: [], at: created, label: String(repeating: "a", count: 101)
                ).token
            ),
            ("a label with a tab", AccessToken.issue(role: .admin, agencies: [], at: created, label: "a\tb").token),
            ("a label with a newline", AccessToken.issue(role: .admin, agencies: [], at: created, label: "a\n").token),
            (
                "an expiry at the creation",
                AccessToken.issue(role: .admin, agencies: [], at: created, expiresAt: created).token
            ),
        ] {
            let refusal = try await requireRefusal(what) { try await store.insert(bad) }
            try require(refusal.code == .invalidRequest, "\(what) is an invalid request: \(refusal)")
        }
        try require(try await store.tokens().count == 3, "refused tokens store nothing")

        // Last uses: forward only, any offset stored as UTC, unknown ids ignored, several in one call.
        let first = Timestamp(utcMicroseconds: S.now.adding(nanoseconds: hour))
        try await store.recordTokenUses([:])
        try await store.recordTokenUses([center.id: first, "ffffffffffff": first])
        try require(
            try await store.token(hash: center.hash)?.lastUsedAt == first, "a recorded use is read back by hash")
        try require(
            try await store.tokens().first { $0.id == center.id }?.lastUsedAt == first, "and listed")
        try require(
            try await store.tokens().first { $0.id == plain.id }?.lastUsedAt == nil, "other tokens stay unused")
        try await store.recordTokenUses([center.id: created])
        try require(
            try await store.token(hash: center.hash)?.lastUsedAt == first, "an earlier use does not move it back")
        let later = Timestamp(vietnam: S.now.adding(nanoseconds: 2 * hour))
        try await store.recordTokenUses([center.id: later, plain.id: later])
        for token in [center, plain] {
            let used = try await store.token(hash: token.hash)?.lastUsedAt
            try require(
                used?.instant == later.instant && used?.text.hasSuffix("Z") == true,
                "a later use moves it forward, kept in UTC: \(String(describing: used))")
        }

        // Revocation changes only revokedAt: expiry, label and last use stay.
        let revokedAt = Timestamp(utcMicroseconds: S.now.adding(nanoseconds: 3 * hour))
        try require(try await store.revokeToken(id: center.id, at: revokedAt), "a token with an expiry is revoked")
        let revoked = try await store.token(hash: center.hash)
        try require(
            revoked?.revokedAt == revokedAt && revoked?.expiresAt == expiry && revoked?.label == label
                && revoked?.lastUsedAt?.instant == later.instant,
            "revoking keeps expiry, label and last use: \(String(describing: revoked))")
    }
}
