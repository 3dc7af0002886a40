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
        }

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            let (secret, token) = AccessToken.issue(
                role: AccessToken.Role(rawValue: role)!, agencies: agencies.compactMap(Code.init),
                at: Timestamp(utcMicroseconds: SQLiteEventStore.systemClock()))
            try await log.insert(token)
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List tokens: id, role, agencies, created, revoked (tab-separated, with a header).")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let log = try await store.open(calendar: .builtIn)
            print(["id", "role", "agencies", "created", "revoked"].joined(separator: "\t"))
            for token in try await log.tokens() {
                print(
                    [
                        token.id, token.role.rawValue, token.agencies.map(\.rawValue).joined(separator: ","),
                        token.createdAt.text, token.revokedAt?.text ?? "-",
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
            guard try await log.revokeToken(id: id, at: Timestamp(utcMicroseconds: SQLiteEventStore.systemClock()))
            else {
                throw CommandFailure("no active token has id \(id) (see motcua token list)")
            }
            print("revoked \(id)")
        }
    }
}
