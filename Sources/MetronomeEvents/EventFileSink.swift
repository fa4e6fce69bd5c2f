import Foundation
import SegmentArchive

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an output could not be written.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An NDJSON output file written under a temporary hidden name and renamed when complete, so that a
/// crash never leaves a partial file under the final name (and a later run's discovery, which skips
/// hidden names, never picks a partial one up). Optionally gzip-compressed.
public final class EventFileSink: @unchecked Sendable {
    public let finalPath: String
    private let temporaryPath: String
    private let fd: Int32
    private let compressor: GzipCompressor?
    private var finished = false

    /// Creates parent directories and opens the temporary file.
    public init(path: String, gzip: Bool, level: Int32 = 6) throws(OutputError) {
        finalPath = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        try Self.makeDirectories(directory)
        temporaryPath = directory + "/." + name + ".partial-\(getpid())"
        Self.removeAbandonedPartials(in: directory)
        // O_EXCL | O_NOFOLLOW: never write through a link or into a file planted under the temporary name.
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var opened = open(temporaryPath, flags, 0o644)
        if opened < 0 && errno == EEXIST {
            unlink(temporaryPath)
            opened = open(temporaryPath, flags, 0o644)
        }
        fd = opened
        guard fd >= 0 else {
            throw OutputError("cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        compressor = gzip ? GzipCompressor(level: level) : nil
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporaryPath)
        }
    }

    /// Appends bytes. O(n); with gzip, compresses as it goes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let compressor {
            do {
                try compressor.compress(bytes, finish: false) { try Self.writeAll(fd, $0, temporaryPath) }
            } catch let error as OutputError {
                throw error
            } catch {
                throw OutputError("\(error)")
            }
        } else {
            try Self.writeAll(fd, bytes, temporaryPath)
        }
    }

    /// Flushes, syncs and renames the file to its final name.
    public func commit() throws(OutputError) {
        if let compressor {
            do {
                try compressor.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) {
                    try Self.writeAll(fd, $0, temporaryPath)
                }
            } catch let error as OutputError {
                throw error
            } catch {
                throw OutputError("\(error)")
            }
        }
        finished = true
        guard fsync(fd) == 0 || errno == EINVAL else {
            let message = String(cString: strerror(errno))
            close(fd)
            unlink(temporaryPath)
            throw OutputError("cannot sync \(temporaryPath): \(message)")
        }
        close(fd)
        guard rename(temporaryPath, finalPath) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError("cannot rename \(temporaryPath) to \(finalPath): \(message)")
        }
    }

    private static let cleanedLock = NSLock()
    nonisolated(unsafe) private static var cleanedDirectories: Set<String> = []

    /// Removes `.NAME.partial-PID` files left in `directory` by killed runs (their process is gone), so
    /// that a run resumed after a crash does not leave them behind; a live process's are kept. Lists
    /// each directory once per process: O(entries) the first time, O(1) after.
    static func removeAbandonedPartials(in directory: String) {
        let first = cleanedLock.withLock { cleanedDirectories.insert(directory).inserted }
        guard first, let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(".") {
            guard let marker = entry.range(of: ".partial-", options: .backwards),
                let pid = Int32(entry[marker.upperBound...]), pid != getpid()
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + entry) }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws(OutputError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    /// `mkdir -p`.
    public static func makeDirectories(_ path: String) throws(OutputError) {
        if path.isEmpty || path == "." || path == "/" { return }
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError("\(path) exists and is not a directory") }
            return
        }
        if let slash = path.lastIndex(of: "/") { try makeDirectories(String(path[..<slash])) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw OutputError("cannot create directory \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A stream written as-is to a file descriptor (stdout for `--out -`, or the rejects file).
public final class StreamSink: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let ownsDescriptor: Bool
    private let lock = NSLock()

    public static func standardOutput() -> StreamSink { StreamSink(fd: 1, path: "standard output", owns: false) }

    /// Opens `path` for writing, creating parent directories: truncated, or with `append` added to
    /// (scheduled runs keep earlier runs' rejects). When appending to a file whose last line was cut by
    /// a killed run, a newline is written first so that every later record stays a line of its own.
    public static func file(_ path: String, append: Bool = false) throws(OutputError) -> StreamSink {
        if let slash = path.lastIndex(of: "/") { try EventFileSink.makeDirectories(String(path[..<slash])) }
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
        guard fd >= 0 else { throw OutputError("cannot create \(path): \(String(cString: strerror(errno)))") }
        let sink = StreamSink(fd: fd, path: path, owns: true)
        if append, endsWithoutNewline(path) {
            try sink.write(UnsafeRawBufferPointer(start: newlineByte.utf8Start, count: 1))
        }
        return sink
    }

    private static let newlineByte: StaticString = "\n"

    private static func endsWithoutNewline(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return false }
        var last: UInt8 = 0
        return pread(fd, &last, 1, size - 1) == 1 && last != UInt8(ascii: "\n")
    }

    private init(fd: Int32, path: String, owns: Bool) {
        self.fd = fd
        self.path = path
        self.ownsDescriptor = owns
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// Writes all of `bytes`. Thread safe: concurrent writers' buffers never interleave (the rejects
    /// file is written by the pipeline's writer and by the uploader's tasks).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        lock.lock()
        defer { lock.unlock() }
        try EventFileSink.writeAll(fd, bytes, path)
    }
}
