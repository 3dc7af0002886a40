import Foundation
import Testing

/// The dashboard in a real browser: `Tests/Browser/dashboard_test.py` starts `motcua serve --demo` on
/// loopback and drives Debian's Chromium headless with Playwright (PyPI), checking the page's figures
/// against the API, a drill-down to a late dossier, console errors, other hosts and axe-core's
/// accessibility rules, and saves screenshots in `.build/artifacts/dashboard/`. CI installs Chromium and
/// a Python with Playwright (`.ci/run`, which names it in `MOTCUA_BROWSER_PYTHON`); elsewhere the test runs
/// when that variable is set, and with CI=true it is required.
@Suite struct DashboardBrowserTests {
    static let python = ProcessInfo.processInfo.environment["MOTCUA_BROWSER_PYTHON"]
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(.enabled(if: python != nil || required, "MOTCUA_BROWSER_PYTHON is not set (CI sets it)"))
    func theDashboardShowsTheAPIsFiguresInABrowser() async throws {
        let python = try #require(Self.python, "set MOTCUA_BROWSER_PYTHON to a python3 with playwright")
        let artifacts = Self.root.appendingPathComponent(".build/artifacts/dashboard")
        try? FileManager.default.removeItem(at: artifacts)
        // Through env, so that the variable may name a path or a command on PATH.
        let result = try await CommandRunner.run(
            [
                python, Self.root.appendingPathComponent("Tests/Browser/dashboard_test.py").path,
                "--motcua", CommandRunner.executable.path, "--artifacts", artifacts.path,
            ], executable: URL(fileURLWithPath: "/usr/bin/env"))
        print(result.stdout)
        #expect(result.status == 0, "the browser test failed:\n\(result.stdout)\n\(result.stderr)")
        let screenshots = try FileManager.default.contentsOfDirectory(atPath: artifacts.path)
            .filter { $0.hasSuffix(".png") }
        #expect(screenshots.count >= 5, "screenshots: \(screenshots)")
    }
}
