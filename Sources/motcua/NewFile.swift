import Foundation

/// A file written under a temporary name beside its final one, then linked to the final name only if no
/// file has it: never over an existing file (`link` fails with `EEXIST`, as `O_EXCL` would), and never
/// half written under the final name (an interrupted writer leaves only `.NAME.partial-XXXXXX`).
///
/// Created with mode 0600, as `mkstemp` makes it.
final class NewFile {
    /// The final name.
    let path: String
    /// Where the content is written until `commit`.
    let temporaryPath: String
    private var descriptor: Int32?
    private var buffer: [UInt8] = []

    /// Creates the temporary file; refused at once if `path` exists.
    init(_ path: String) throws {
        try NewFile.refuseExisting(path)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).partial-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard created >= 0 else {
            throw CommandFailure("cannot create a file in \(directory): \(String(cString: strerror(errno)))")
        }
        self.path = path
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        descriptor = created
        buffer.reserveCapacity(NewFile.bufferBytes)
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    private static let bufferBytes = 1 << 20

    /// Refuses a name that a file (or anything else) already has.
    static func refuseExisting(_ path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0 { throw NewFile.exists(path) }
    }

    private static func exists(_ path: String) -> CommandFailure {
        CommandFailure("\(path) exists: a backup never overwrites a file; choose a new name")
    }

    /// Appends bytes (buffered).
    func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= NewFile.bufferBytes { try flush() }
    }

    private func flush() throws {
        guard let descriptor else { preconditionFailure("NewFile written after its descriptor was closed") }
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot write \(temporaryPath): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes this object's descriptor so that another writer (SQLite) can own the file by its path:
    /// closing any descriptor of a file drops every POSIX lock the process holds on it.
    func handOver() {
        precondition(buffer.isEmpty, "NewFile handed over with buffered bytes")
        if let descriptor { close(descriptor) }
        descriptor = nil
    }

    /// Makes the content durable (what was written here; a writer that took the file over syncs its own),
    /// then gives it its final name, refused if that name was taken meanwhile.
    func commit() throws {
        if let descriptor {
            try flush()
            guard fsync(descriptor) == 0 else {
                throw CommandFailure("cannot write \(temporaryPath): \(String(cString: strerror(errno)))")
            }
            close(descriptor)
            self.descriptor = nil
        }
        guard link(temporaryPath, path) == 0 else {
            let failure = errno
            discard()
            if failure == EEXIST { throw NewFile.exists(path) }
            throw CommandFailure("cannot create \(path): \(String(cString: strerror(failure)))")
        }
        discard()
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file (and any SQLite journal beside it); the final name is left alone.
    func discard() {
        if let descriptor { close(descriptor) }
        descriptor = nil
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporaryPath + suffix) }
    }

    /// Removes the file under its final name (a part of a backup whose other part could not be committed).
    func remove() {
        unlink(path)
    }
}
