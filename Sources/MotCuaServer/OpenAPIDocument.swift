import Foundation
import Hummingbird

/// The OpenAPI 3.1 document served at `GET /openapi.yaml`: the package resource
/// `Sources/MotCuaServer/openapi.yaml`, read once when the server opens and served byte for byte. Tests
/// keep its paths and methods equal to the router's routes and have openapi-spec-validator check it.
struct OpenAPIDocument: Sendable {
    let bytes: ByteBuffer

    /// Reads the document from the package's resource bundle.
    /// - Throws: when the bundle has no `openapi.yaml` or it cannot be read.
    static func load() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the OpenAPI document is missing"])
        }
        return OpenAPIDocument(bytes: ByteBuffer(bytes: try Data(contentsOf: url)))
    }

    /// The document, as `application/yaml`.
    var response: Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: bytes))
    }
}
