import Foundation
import Hummingbird

/// The dashboard served at `GET /` and `GET /dashboard/{file}`: the files of `Sources/MotCuaServer/Dashboard`
/// (a package resource), read once when the server opens. A static page: every figure it shows comes from
/// the API (`/v1/kpi`, `/v1/kpi/series`, `/v1/kpi/late`, `/v1/catalogue`). It loads nothing from any other
/// host, which its Content-Security-Policy enforces in the browser.
struct Dashboard: Sendable {
    /// One file: its media type and bytes.
    struct File: Sendable {
        let contentType: String
        let bytes: ByteBuffer
    }

    /// The page, by file name (`index.html`, `dashboard.js`, …).
    let files: [String: File]

    /// Same-origin only: scripts, styles and data from this server; images may be `data:` URLs.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Reads the dashboard's files from the package's resource bundle.
    /// - Throws: when the bundle has no `Dashboard` folder or a file cannot be read.
    static func load() throws -> Dashboard {
        guard let folder = Bundle.module.url(forResource: "Dashboard", withExtension: nil) else {
            throw CocoaError(
                .fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the dashboard's files are missing"])
        }
        var files: [String: File] = [:]
        // By path, with links resolved: listing a URL that is a symbolic link to a folder finds nothing on Linux.
        let path = folder.resolvingSymlinksInPath().path
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            let type: String
            switch url.pathExtension {
            case "html": type = "text/html; charset=utf-8"
            case "css": type = "text/css; charset=utf-8"
            case "js": type = "text/javascript; charset=utf-8"
            case "svg": type = "image/svg+xml"
            default: continue
            }
            files[url.lastPathComponent] = File(
                contentType: type, bytes: ByteBuffer(bytes: try Data(contentsOf: url)))
        }
        guard files["index.html"] != nil else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the dashboard has no index.html"])
        }
        return Dashboard(files: files)
    }

    /// The page itself (`load` made sure it exists).
    var page: Response { response("index.html") ?? Response(status: .notFound) }

    /// The response for file `name`, or `nil` when the dashboard has none of that name.
    func response(_ name: String) -> Response? {
        guard let file = files[name] else { return nil }
        return Response(
            status: .ok,
            headers: [
                .contentType: file.contentType, .contentSecurityPolicy: Self.contentSecurityPolicy,
                .init("X-Content-Type-Options")!: "nosniff", .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: file.bytes))
    }
}
