import ArgumentParser
import Foundation
import MotCuaDomain
import MotCuaSQLite
import MotCuaStore

/// `motcua token create|list|revoke`: bearer tokens of the HTTP API (only their hashes are stored).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens (only their SHA-256 is stored).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it, alone, on stdout (it is shown once).")

        @OptionGroup var store: StoreOptions

        @Option(help: "center, auditor, monitor or admin.")
        var role: String

        @Option(name: .customLong("agency"), help: "For --role center: an agency it acts for (repeatable).")
        var agencies: [String] = []

        // `.unconditional`: a value such as `-5m` is this option's (refused below), not another option.
        @Option(
            parsing: .unconditional,
            help: ArgumentHelp(
                "How long it works: a positive whole number and d, h, m or s (90d, 12h, 30m, 45s); default: no expiry.",
                valueName: "duration"))
        var expires: String?

        @Option(
            help: ArgumentHelp(
                "Whom it is for, e.g. \"Một cửa phường Phúc Xá\" (1 to 100 characters, no control characters).",
                valueName: "text"))
        var label: String?

        func validate() throws {
            guard let role = AccessToken.Role(rawValue: role) else {
                throw ValidationError("--role must be center, auditor, monitor or admin, got \(self.role)")
            }
            if role == .center && agencies.isEmpty {
                throw ValidationError("--role center needs at least one --agency CODE")
            }
            if role != .center && !agencies.isEmpty {
                throw ValidationError("--agency applies to --role center only")
            }
            for agency in agencies where Code(agency) == nil {
                throw ValidationError("--agency must be an agency code, got \(agency)")
            }
            if let expires, TokenLifetime(expires) == nil {
                throw ValidationError("\(TokenLifetime.usage); got \"\(expires)\"")
            }
            if let label, !AccessToken.isValidLabel(label) {
                throw ValidationError("--label must have 1 to 100 characters and no control characters")
            }
        }

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            let now = SystemClock.now()
            let expiresAt = expires.flatMap(TokenLifetime.init).map {
                Timestamp(utcMicroseconds: now.adding(nanoseconds: $0.seconds * 1_000_000_000))
            }
            let (secret, token) = AccessToken.issue(
                role: AccessToken.Role(rawValue: role)!, agencies: agencies.compactMap(Code.init),
                at: Timestamp(utcMicroseconds: now), expiresAt: expiresAt, label: label)
            try await log.insert(token)
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens (tab-separated, with a header).",
            discussion: """
                Columns: id, role, agencies, label ("-" for none), created, expires ("never" for no expiry), \
                revoked ("-" while valid) and last-used ("never" for a token no server accepted yet; servers \
                record a use at most once a minute per token).
                """)

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            print(
                ["id", "role", "agencies", "label", "created", "expires", "revoked", "last-used"].joined(
                    separator: "\t"))
            for token in try await log.tokens() {
                print(
                    [
                        token.id, token.role.rawValue, token.agencies.map(\.rawValue).joined(separator: ","),
                        token.label ?? "-", token.createdAt.text, token.expiresAt?.text ?? "never",
                        token.revokedAt?.text ?? "-", token.lastUsedAt?.text ?? "never",
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by its id (servers stop accepting it within 5 seconds).")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The token's id, as token list shows it.")
        var id: String

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            guard try await log.revokeToken(id: id, at: Timestamp(utcMicroseconds: SystemClock.now()))
            else {
                throw CommandFailure("no active token has id \(id) (see motcua token list)")
            }
            print("revoked \(id)")
        }
    }
}
