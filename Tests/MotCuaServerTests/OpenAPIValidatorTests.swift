import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// openapi-spec-validator (PyPI) checks the document the server serves at /openapi.yaml against the
/// OpenAPI 3.1 specification, `$ref`s resolved. CI installs it (`.ci/run`); elsewhere the test runs when
/// `MOTCUA_OPENAPI_VALIDATOR` names the executable or `openapi-spec-validator` is on PATH, and fails with
/// CI=true when it cannot be found.
@Suite struct OpenAPIValidatorTests {
    static let executable = ExternalTool.locate("openapi-spec-validator", variable: "MOTCUA_OPENAPI_VALIDATOR")

    @Test(
        .enabled(
            if: executable != nil || ExternalTool.required, "openapi-spec-validator is not installed (CI installs it)"))
    func theServedDocumentIsValidOpenAPI() async throws {
        let executable = try #require(
            Self.executable, "openapi-spec-validator not found: set MOTCUA_OPENAPI_VALIDATOR or PATH")
        let fixture = try await ServerFixture.make()
        let document = try await fixture.test { client in
            String(buffer: try await client.execute(uri: "/openapi.yaml", method: .get).body)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-openapi-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let served = folder.appendingPathComponent("openapi.yaml")
        try Data(document.utf8).write(to: served)
        let (status, output) = try await ExternalTool.run(executable, [served.path])
        #expect(status == 0, "openapi-spec-validator found problems:\n\(output.prefix(2000))")

        // The validator can fail: the same document with one more path, whose response is a `$ref` to
        // nothing.
        let broken = document.replacingOccurrences(
            of: "\npaths:\n",
            with:
                "\npaths:\n  /broken:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}\n"
        )
        #expect(broken != document, "the document has a paths: section")
        let brokenCopy = folder.appendingPathComponent("broken.yaml")
        try Data(broken.utf8).write(to: brokenCopy)
        let (brokenStatus, brokenOutput) = try await ExternalTool.run(executable, [brokenCopy.path])
        #expect(brokenStatus != 0, "a $ref to nothing passed:\n\(brokenOutput.prefix(2000))")
        #expect(brokenOutput.contains("/components/responses/Missing"), "\(brokenOutput.prefix(2000))")
    }
}
