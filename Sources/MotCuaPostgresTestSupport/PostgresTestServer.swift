import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a test PostgreSQL server could not be provided: what failed, and (when the server would not
/// start) the last lines of its log.
package struct PostgresTestServerError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// A PostgreSQL server for tests: one per test process, started on first use, stopped at exit.
///
/// - If the environment has `MOTCUA_TEST_POSTGRES_URL` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`),
///   that server is used: each call creates a database `motcua_test_…` on it (dropped again at exit,
///   best effort); nothing is started.
/// - Otherwise `initdb`/`pg_ctl` are looked up on `PATH`, then in `/usr/lib/postgresql/*/bin` (highest
///   version), a cluster is created in a fresh temporary directory and started on a free loopback port.
///   As root (PostgreSQL refuses to run as root) the server and its tools run as the user `postgres`.
///   At exit (an `atexit` handler) the server is stopped and the directory removed; a watchdog process
///   does the same if the test process dies without running `atexit` handlers (crash, SIGKILL).
package actor PostgresTestServer {
    package static let shared = PostgresTestServer()

    private let environment: [String: String]
    private var startTask: Task<Backend, any Error>?
    private var databaseCount = 0

    private init() {
        self.environment = ProcessInfo.processInfo.environment
    }

    /// A server configured from `environment` instead of the process's (for testing the fixture).
    package init(environment: [String: String]) {
        self.environment = environment
    }

    /// A URL (libpq form, `postgres://USER@127.0.0.1:PORT/DBNAME`) of a fresh, empty database.
    package func freshDatabaseURL() async throws -> String {
        let task: Task<Backend, any Error>
        if let startTask {
            task = startTask
        } else {
            // The first caller starts the server; concurrent callers await the same task. A failed
            // start is remembered: later callers get the same error instead of retrying.
            let environment = self.environment
            task = Task.detached { try await Backend.make(environment: environment) }
            startTask = task
        }
        let backend = try await task.value
        databaseCount += 1
        let name = "motcua_test_\(getpid())_\(databaseCount)_\(Self.randomSuffix())"
        // Runs off the actor: many databases can be created in parallel.
        return try await backend.createDatabase(named: name)
    }

    private static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<8).map { _ in alphabet.randomElement()! })
    }
}

// MARK: - Backends

/// Where fresh databases are created: a server the caller provides, or one this process started.
private enum Backend: Sendable {
    case external(External)
    case local(LocalServer)

    static func make(environment: [String: String]) async throws -> Backend {
        if let url = environment["MOTCUA_TEST_POSTGRES_URL"], !url.isEmpty {
            return .external(try External(url: url, environment: environment))
        }
        return .local(try await LocalServer.start(environment: environment))
    }

    func createDatabase(named name: String) async throws -> String {
        switch self {
        case .external(let server): return try await server.createDatabase(named: name)
        case .local(let server): return try await server.createDatabase(named: name)
        }
    }
}

/// A server named by `MOTCUA_TEST_POSTGRES_URL`.
private struct External: Sendable {
    let url: String
    let psql: String

    init(url: String, environment: [String: String]) throws {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql",
            components.host != nil
        else {
            throw PostgresTestServerError(
                "MOTCUA_TEST_POSTGRES_URL=\(url) is not a postgres:// URL "
                    + "(expected e.g. postgres://postgres@127.0.0.1:5432/postgres)")
        }
        let bin = Tools.findBinDir(environment: environment)
        guard let psql = Tools.psql(binDir: bin, environment: environment) else {
            throw PostgresTestServerError(
                "MOTCUA_TEST_POSTGRES_URL is set but no psql was found on PATH or in /usr/lib/postgresql/*/bin; "
                    + "install the PostgreSQL client (Debian: apt-get install postgresql-client)")
        }
        self.url = url
        self.psql = psql
    }

    func createDatabase(named name: String) async throws -> String {
        let result = try await Tools.run(
            psql, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        guard result.status == 0 else {
            throw PostgresTestServerError(
                "CREATE DATABASE \(name) on MOTCUA_TEST_POSTGRES_URL=\(url) failed (psql exit \(result.status)):\n"
                    + result.output)
        }
        ExitCleanup.shared.add { [psql, url] in
            // Best effort: drop what this process created (FORCE: tests may still hold connections).
            _ = try? Tools.runSync(
                psql, [url, "-X", "-q", "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
        }
        return Self.url(url, withDatabase: name)
    }

    /// `url` with its path (the database name) replaced by `name`; user, password, host, port and query kept.
    static func url(_ url: String, withDatabase name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}

/// A PostgreSQL server of its own (never the shared one), for a test that stops and restarts it while a
/// store is connected: the database restarts a city's server room sees.
package struct DedicatedPostgresServer: Sendable {
    fileprivate let server: LocalServer

    /// Starts a throw-away cluster (removed at exit).
    package static func start() async throws -> DedicatedPostgresServer {
        DedicatedPostgresServer(server: try await LocalServer.start(environment: ProcessInfo.processInfo.environment))
    }

    /// A URL of a new, empty database on it.
    package func freshDatabaseURL() async throws -> String {
        try await server.createDatabase(named: "motcua_dedicated_\(getpid())_\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Stops the server (`-m fast`: connections are cut, as in a restart).
    package func stop() async throws {
        try await server.control(["-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Starts it again on the same port, with the same data.
    package func start() async throws {
        try await server.control([
            "-w", "-t", "60", "-l", "\(server.base)/server-\(server.port).log", "-o",
            LocalServer.options(port: server.port, sockets: server.base + "/sockets"), "start",
        ])
    }
}

/// A cluster in a temporary directory, started by this process.
private struct LocalServer: Sendable {
    let binDir: String
    let base: String
    let data: String
    let port: Int
    let runAs: String?

    /// The superuser `initdb -U` creates; trust authentication, so no password.
    static let superuser = "postgres"

    static func start(environment: [String: String]) async throws -> LocalServer {
        guard let binDir = Tools.findBinDir(environment: environment) else {
            let ci = environment["CI"]?.lowercased() == "true"
            throw PostgresTestServerError(
                "PostgreSQL server tools (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin. "
                    + "Install them (Debian/Ubuntu: apt-get install postgresql) or set MOTCUA_TEST_POSTGRES_URL "
                    + "to a server to use, e.g. postgres://postgres@127.0.0.1:5432/postgres."
                    + (ci ? " CI=true: PostgreSQL tests must not be skipped on CI." : ""))
        }

        // PostgreSQL refuses to run as root: as root, everything runs as the user `postgres`.
        let runAs: String?
        let owner: (uid: uid_t, gid: gid_t)?
        if geteuid() != 0 {
            runAs = nil
            owner = nil
        } else {
            guard let entry = getpwnam("postgres") else {
                throw PostgresTestServerError(
                    "running as root, and PostgreSQL refuses to run as root, but there is no user `postgres` "
                        + "to run it as (install the postgresql package, which creates it, or run the tests "
                        + "as another user, or set MOTCUA_TEST_POSTGRES_URL)")
            }
            runAs = "postgres"
            owner = (entry.pointee.pw_uid, entry.pointee.pw_gid)
        }

        // /tmp rather than TMPDIR: the socket path must stay short (about 100 bytes) and readable by `postgres`.
        let tmp = FileManager.default.fileExists(atPath: "/tmp") ? "/tmp" : NSTemporaryDirectory()
        var template = Array("\(tmp)/motcua-pg-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw PostgresTestServerError(
                "cannot create a temporary directory in \(tmp): \(String(cString: strerror(errno)))")
        }
        let base = String(cString: created)
        let data = base + "/data"
        let sockets = base + "/sockets"
        let server = { @Sendable (port: Int) in
            LocalServer(binDir: binDir, base: base, data: data, port: port, runAs: runAs)
        }

        // Stop and clean up at exit, whatever happens below; and if we die without atexit, too.
        ExitCleanup.shared.add { server(0).stopAndRemove() }
        server(0).spawnWatchdog()

        do {  // (scope only: errors propagate; the atexit action above removes the directory)
            try FileManager.default.createDirectory(atPath: sockets, withIntermediateDirectories: false)
            if let owner {
                for path in [base, sockets] where chown(path, owner.uid, owner.gid) != 0 {
                    throw PostgresTestServerError(
                        "cannot chown \(path) to postgres: \(String(cString: strerror(errno)))")
                }
            }

            let initdb = try await Tools.run(
                binDir + "/initdb",
                ["-D", data, "-U", superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                runAs: runAs, currentDirectory: base)
            guard initdb.status == 0 else {
                throw PostgresTestServerError("initdb failed (exit \(initdb.status)):\n\(initdb.output)")
            }

            var lastFailure = ""
            for attempt in 1...5 {
                let port = try Tools.freeLoopbackPort()
                let log = "\(base)/server-\(port).log"
                let options = Self.options(port: port, sockets: sockets)
                let start = try await Tools.run(
                    binDir + "/pg_ctl", ["-D", data, "-w", "-t", "60", "-l", log, "-o", options, "start"],
                    runAs: runAs, currentDirectory: base, outputFile: "\(base)/pg_ctl-start-\(port).out")
                if start.status == 0 {
                    return server(port)
                }
                let logTail = Tools.tail(of: log, lines: 30)
                lastFailure =
                    "pg_ctl start on port \(port) failed (exit \(start.status), attempt \(attempt)):\n"
                    + start.output + "\n--- last lines of \(log) ---\n" + logTail
                // Someone else took the port between our probe and the server's bind: try another one.
                guard logTail.contains("could not bind") || logTail.contains("already in use") else { break }
            }
            throw PostgresTestServerError(lastFailure)
        }
    }

    /// The server's options: fsync, synchronous_commit and full_page_writes are off, as this is a throw-away
    /// server for tests (durability across a crash is worthless here, speed is not).
    static func options(port: Int, sockets: String) -> String {
        [
            "-c listen_addresses=127.0.0.1", "-p \(port)", "-k \(sockets)", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=300",
        ].joined(separator: " ")
    }

    /// Runs `pg_ctl -D data ARGUMENTS`, failing with its output.
    func control(_ arguments: [String]) async throws {
        let result = try await Tools.run(
            binDir + "/pg_ctl", ["-D", data] + arguments, runAs: runAs, currentDirectory: base)
        guard result.status == 0 else {
            throw PostgresTestServerError("pg_ctl \(arguments.joined(separator: " ")) failed:\n\(result.output)")
        }
    }

    var superuserURL: String { "postgres://\(Self.superuser)@127.0.0.1:\(port)/postgres" }

    func createDatabase(named name: String) async throws -> String {
        // TCP with trust authentication: psql need not run as `postgres`, even as root.
        let result = try await Tools.run(
            binDir + "/psql",
            [
                "-X", "-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.superuser, "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)",
            ])
        guard result.status == 0 else {
            throw PostgresTestServerError(
                "CREATE DATABASE \(name) on the test server (port \(port)) failed (psql exit \(result.status)):\n"
                    + result.output + "\n--- last lines of the server log ---\n"
                    + Tools.tail(of: "\(base)/server-\(port).log", lines: 20))
        }
        return "postgres://\(Self.superuser)@127.0.0.1:\(port)/\(name)"
    }

    /// Synchronous: runs from the `atexit` handler.
    func stopAndRemove() {
        if FileManager.default.fileExists(atPath: data + "/postmaster.pid") {
            _ = try? Tools.runSync(
                binDir + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"],
                runAs: runAs, currentDirectory: base)
        }
        try? FileManager.default.removeItem(atPath: base)
    }

    /// A detached shell that waits for this process to end, then stops the server and removes the
    /// directory: covers the deaths that skip `atexit` (crash, SIGKILL, SIGTERM with no handler).
    /// After a normal exit it finds nothing left to do.
    private func spawnWatchdog() {
        let stop = Tools.commandLine(
            binDir + "/pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], runAs: runAs
        )
        .map(Tools.shellQuoted).joined(separator: " ")
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            if [ -f \(Tools.shellQuoted(data + "/postmaster.pid")) ]; then \(stop) >/dev/null 2>&1; fi
            rm -rf \(Tools.shellQuoted(base))
            """
        // Its own session (setsid): a Ctrl-C that kills the tests' process group does not kill it. Not
        // waited for: it outlives us by design.
        _ = try? Tools.spawn(["/bin/sh", "-c", script], newSession: true)  // best effort: atexit covers normal exits
    }
}

// MARK: - Exit

/// Actions run once, in reverse order of registration, by an `atexit` handler.
private final class ExitCleanup: @unchecked Sendable {
    static let shared = ExitCleanup()

    private let lock = NSLock()
    private var actions: [@Sendable () -> Void] = []
    private var registered = false

    func add(_ action: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        actions.append(action)
        if !registered {
            registered = true
            atexit { ExitCleanup.runAll() }
        }
    }

    static func runAll() {
        shared.lock.lock()
        let actions = shared.actions
        shared.actions = []
        shared.lock.unlock()
        for action in actions.reversed() { action() }
    }
}

// MARK: - Tools

private enum Tools {
    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    /// The directory of `initdb` and `pg_ctl`: from PATH (symlinks resolved, so that `psql` is looked
    /// up next to the real binaries), else the highest `/usr/lib/postgresql/*/bin`.
    static func findBinDir(environment: [String: String]) -> String? {
        if let initdb = which("initdb", environment: environment) {
            let real = URL(fileURLWithPath: initdb).resolvingSymlinksInPath().deletingLastPathComponent().path
            if FileManager.default.isExecutableFile(atPath: real + "/pg_ctl") { return real }
            let dir = URL(fileURLWithPath: initdb).deletingLastPathComponent().path
            if FileManager.default.isExecutableFile(atPath: dir + "/pg_ctl") { return dir }
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let sorted = versions.sorted { (Double($0) ?? -1) > (Double($1) ?? -1) }
        for version in sorted {
            let bin = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb"),
                FileManager.default.isExecutableFile(atPath: bin + "/pg_ctl")
            {
                return bin
            }
        }
        return nil
    }

    static func psql(binDir: String?, environment: [String: String]) -> String? {
        if let binDir, FileManager.default.isExecutableFile(atPath: binDir + "/psql") { return binDir + "/psql" }
        return which("psql", environment: environment)
    }

    static func which(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    /// `executable arguments`, prefixed so that it runs as `user` (we are root) when `runAs` is set.
    static func commandLine(_ executable: String, _ arguments: [String], runAs user: String?) -> [String] {
        guard let user else { return [executable] + arguments }
        if let runuser = which("runuser", environment: [:]) {
            return [runuser, "-u", user, "--", executable] + arguments
        }
        let command = ([executable] + arguments).map(shellQuoted).joined(separator: " ")
        return [which("su", environment: [:]) ?? "/bin/su", user, "-s", "/bin/sh", "-c", command]
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs a process on a Dispatch thread (not the Swift concurrency pool, which waitpid would block).
    static func run(
        _ executable: String, _ arguments: [String], runAs user: String? = nil,
        currentDirectory: String? = nil, outputFile: String? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result {
                        try runSync(
                            executable, arguments, runAs: user, currentDirectory: currentDirectory,
                            outputFile: outputFile)
                    })
            }
        }
    }

    /// Runs a process to its end; its standard output and error together, collected in a file.
    ///
    /// posix_spawn + waitpid rather than Foundation's `Process`: on Linux, `Process` learns of the
    /// exit through a descriptor the child inherits, so it never sees `pg_ctl start` end (the server
    /// it leaves running inherits that descriptor too). Here the child gets only stdin (/dev/null)
    /// and stdout/stderr (the output file); every other descriptor is closed.
    static func runSync(
        _ executable: String, _ arguments: [String], runAs user: String? = nil,
        currentDirectory: String? = nil, outputFile: String? = nil
    ) throws -> Result {
        let command = commandLine(executable, arguments, runAs: user)
        var outputPath = outputFile ?? ""
        if outputFile == nil {
            var template = Array("/tmp/motcua-pg-out-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else { throw PostgresTestServerError("mkstemp: \(String(cString: strerror(errno)))") }
            close(fd)
            outputPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        defer { if outputFile == nil { unlink(outputPath) } }
        let pid = try spawn(command, currentDirectory: currentDirectory, output: outputPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw PostgresTestServerError("waitpid(\(command[0])): \(String(cString: strerror(errno)))")
            }
        }
        // WIFEXITED / WEXITSTATUS; a signal death is reported as 128 + signal, like a shell.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, output: output)
    }

    /// Starts `command` (argv, absolute executable path) with stdin from /dev/null, stdout and stderr
    /// appended to `output`, no other descriptors, optionally in its own session; returns its pid.
    @discardableResult
    static func spawn(
        _ command: [String], currentDirectory: String? = nil, output: String = "/dev/null", newSession: Bool = false
    ) throws -> pid_t {
        var argv = command
        var script = ""
        if let currentDirectory {
            // posix_spawn has no portable chdir: go through the shell.
            script = "cd \(shellQuoted(currentDirectory)) && exec " + command.map(shellQuoted).joined(separator: " ")
            argv = ["/bin/sh", "-c", script]
        }
        if newSession, let setsid = which("setsid", environment: [:]) { argv = [setsid] + argv }

        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        #if canImport(Glibc)
            // glibc >= 2.34; not visible to Swift without _GNU_SOURCE, hence dlsym.
            typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
                _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            } else {
                for fd in Int32(3)..<1024 { posix_spawn_file_actions_addclose(&actions, fd) }
            }
        #else
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #endif

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard result == 0 else {
            throw PostgresTestServerError(
                "cannot run \(command.joined(separator: " ")): \(String(cString: strerror(result)))")
        }
        return pid
    }

    static func tail(of path: String, lines: Int) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log at \(path))" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// A TCP port free on 127.0.0.1 right now: bind to port 0, read the port the kernel chose, close.
    static func freeLoopbackPort() throws -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw PostgresTestServerError("socket(): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            throw PostgresTestServerError("bind(127.0.0.1:0): \(String(cString: strerror(errno)))")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw PostgresTestServerError("getsockname(): \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
