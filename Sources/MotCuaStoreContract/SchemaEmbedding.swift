package import Foundation

/// Keeps a backend's embedded migrations equal to its `Schema/<backend>/*.sql` files: the tests compare
/// them, and `MOTCUA_REGENERATE_SCHEMA=1` rewrites the Swift file from the SQL files.
package enum SchemaEmbedding {
    /// The repository's root, from this file's path.
    package static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `(name, sql)` pairs of `Schema/<backend>/*.sql`, in file-name order.
    package static func files(_ backend: String) throws -> [(name: String, sql: String)] {
        let directory = repository.appendingPathComponent("Schema/\(backend)")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
            .sorted().map { file in
                (
                    String(file.dropLast(4)),
                    try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                        .trimmingCharacters(in: .newlines)
                )
            }
    }

    /// Whether the caller asked to rewrite the embedded copies.
    package static var regenerating: Bool { ProcessInfo.processInfo.environment["MOTCUA_REGENERATE_SCHEMA"] == "1" }

    /// Rewrites `Sources/<module>/<typeName>+Migrations.swift` from `Schema/<backend>/`: an extension of the
    /// type that `<typeName>.swift` declares.
    package static func regenerate(backend: String, module: String, typeName: String) throws {
        var out = """
            // Generated from Schema/\(backend)/*.sql: the binary carries its schema. Do not edit by hand;
            // `MOTCUA_REGENERATE_SCHEMA=1 swift test --filter SchemaTests` rewrites this file, and the
            // schema tests prove it equal to the files.

            extension \(typeName) {
                /// The numbered migrations of `Schema/\(backend)/`, in order.
                static let migrations: [(name: String, sql: String)] = [

            """
        for (name, sql) in try files(backend) {
            out += "        (\n            \"\(name)\",\n            #\"\"\"\n"
            for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "\n" : "            \(line)\n"
            }
            out += "            \"\"\"#\n        ),\n"
        }
        out += "    ]\n}\n"
        try out.write(
            to: repository.appendingPathComponent("Sources/\(module)/\(typeName)+Migrations.swift"), atomically: true,
            encoding: .utf8)
    }
}
