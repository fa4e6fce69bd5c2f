#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams one archive file into `ArchiveItem`s: gzip (any number of members) or plain NDJSON,
/// decided by the magic bytes, never by the name.
///
/// Memory: one input block plus the framer's chunk buffers, whatever the file size. Items are emitted
/// synchronously from `read`, so a blocking `emit` (a bounded queue) is the back-pressure.
public struct ArchiveReader: Sendable {
    public var chunkSize: Int
    public var maximumLineBytes: Int
    public var inputBlockSize: Int
    /// Recycles chunk buffers when given (see `ByteBufferPool`).
    public var pool: ByteBufferPool?
    /// Bytes kept of an overlong or damaged line (`LineFramer.keptPrefixBytes`).
    public var keptPrefixBytes = LineFramer.prefixBytes

    public init(
        chunkSize: Int = 1 << 20, maximumLineBytes: Int = 8 << 20, inputBlockSize: Int = 256 << 10,
        pool: ByteBufferPool? = nil
    ) {
        self.chunkSize = chunkSize
        self.maximumLineBytes = maximumLineBytes
        self.inputBlockSize = inputBlockSize
        self.pool = pool
    }

    /// Reads `file` to its end or to the first failure, emitting items in order.
    public func read(_ file: ArchiveFile, emit: @escaping (ArchiveItem) -> Void) -> ArchiveReadResult {
        var result = ArchiveReadResult()
        let fd: Int32
        if file.isStandardInput {
            fd = 0
        } else {
            // O_NONBLOCK: opening a FIFO that no process writes to would otherwise wait forever. Reads
            // block again once it is open (a FIFO without a writer then reads as empty).
            fd = open(file.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else {
                result.failure = ArchiveReadFailure(
                    kind: .unreadable, message: "cannot open \(file.path): \(String(cString: strerror(errno)))",
                    offset: 0)
                return result
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        }
        defer { if fd != 0 { close(fd) } }
        var source = FileSource(fd: fd, path: file.path, blockSize: inputBlockSize)
        var framer = LineFramer(
            chunkSize: chunkSize, maximumLineBytes: maximumLineBytes, pool: pool, keptPrefixBytes: keptPrefixBytes,
            emit: emit)
        do {
            try source.fill()
            if source.available >= 2 && source.peek(0) == 0x1F && source.peek(1) == 0x8B {
                result.compressed = true
                try readGzip(&source, &framer, &result)
            } else {
                try checkLooksLikeNDJSON(source)
                try readPlain(&source, &framer, &result)
            }
            framer.finish(damaged: false)
        } catch {
            result.failure = error
            framer.finish(damaged: true)
        }
        result.bytesIn = source.totalRead
        return result
    }

    private func checkLooksLikeNDJSON(_ source: FileSource) throws(ArchiveReadFailure) {
        var i = 0
        if source.available >= 3 && source.peek(0) == 0xEF && source.peek(1) == 0xBB && source.peek(2) == 0xBF { i = 3 }
        while i < source.available {
            let c = source.peek(i)
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
                i += 1
                continue
            }
            if c == UInt8(ascii: "{") { return }
            let shown = (0..<min(4, source.available)).map { index in
                let byte = source.peek(index)
                return (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }.joined(separator: " ")
            throw ArchiveReadFailure(
                kind: .notAnArchive,
                message:
                    "\(source.path) is neither gzip data nor NDJSON (it starts with bytes \(shown)\(Self.guessFormat(source)))",
                offset: 0)
        }
    }

    private static func guessFormat(_ source: FileSource) -> String {
        guard source.available >= 4 else { return "" }
        let b = (source.peek(0), source.peek(1), source.peek(2), source.peek(3))
        if b == (0x50, 0x4B, 0x03, 0x04) { return ", a zip archive" }
        if b == (0x28, 0xB5, 0x2F, 0xFD) { return ", zstd data" }
        if b.0 == 0x42 && b.1 == 0x5A && b.2 == 0x68 { return ", bzip2 data" }
        if b == (0xFD, 0x37, 0x7A, 0x58) { return ", xz data" }
        return ""
    }

    private func readPlain(
        _ source: inout FileSource, _ framer: inout LineFramer, _ result: inout ArchiveReadResult
    ) throws(ArchiveReadFailure) {
        while true {
            if source.available == 0 {
                try source.fill()
                if source.available == 0 { return }
            }
            let space = framer.freeSpace()
            let count = source.take(into: space)
            framer.commit(count)
            result.bytesOut += Int64(count)
        }
    }

    private func readGzip(
        _ source: inout FileSource, _ framer: inout LineFramer, _ result: inout ArchiveReadResult
    ) throws(ArchiveReadFailure) {
        let inflater = GzipInflater()
        var inMember = true
        var stalls = 0
        while true {
            if source.available == 0 && !inflater.hasPendingFailure {
                try source.fill()
                if source.available == 0 {
                    if inMember {
                        throw ArchiveReadFailure(
                            kind: .truncatedGzip,
                            message:
                                "\(source.path): truncated gzip data, the file ends inside a gzip member at byte \(source.consumedOffset)",
                            offset: source.consumedOffset)
                    }
                    return
                }
            }
            if !inMember {
                // Between members: another member, or zero padding, or garbage.
                if source.peek(0) == 0 {
                    source.skip(1)
                    continue
                }
                if source.available < 2 { try source.fill(keeping: true) }
                guard source.available >= 2, source.peek(0) == 0x1F, source.peek(1) == 0x8B else {
                    throw ArchiveReadFailure(
                        kind: .corruptGzip,
                        message: "\(source.path): unexpected data after a gzip member at byte \(source.consumedOffset)",
                        offset: source.consumedOffset)
                }
                inflater.reset()
                inMember = true
            }
            let output = framer.freeSpace()
            let step = source.withAvailable { input in inflater.inflate(input, into: output) }
            if let failure = step.failure {
                // Keep what was inflated before the damage was found (as gunzip does), then stop.
                source.skip(step.consumed)
                framer.commit(step.produced)
                result.bytesOut += Int64(step.produced)
                let detail: String
                switch failure {
                case .corrupt(let message): detail = message
                case .truncated: detail = "truncated"
                }
                throw ArchiveReadFailure(
                    kind: .corruptGzip,
                    message: "\(source.path): corrupt gzip data near byte \(source.consumedOffset) (\(detail))",
                    offset: source.consumedOffset)
            }
            source.skip(step.consumed)
            framer.commit(step.produced)
            result.bytesOut += Int64(step.produced)
            if step.memberEnded { inMember = false }
            if step.consumed == 0 && step.produced == 0 && !step.memberEnded {
                // The inflater wants more input than the block holds (a header split across reads).
                stalls += 1
                if stalls > 2 {
                    try source.fill(keeping: true)
                    if stalls > 4 {
                        throw ArchiveReadFailure(
                            kind: .truncatedGzip,
                            message:
                                "\(source.path): truncated gzip data, the file ends inside a gzip member at byte \(source.consumedOffset)",
                            offset: source.consumedOffset)
                    }
                }
            } else {
                stalls = 0
            }
        }
    }
}

/// Buffered reading from a file descriptor (one block, refilled in place).
struct FileSource {
    let fd: Int32
    let path: String
    private let block: ByteBuffer
    private var position = 0
    private var endOfFile = false
    private(set) var totalRead: Int64 = 0
    /// File offset of the next unconsumed byte.
    private(set) var consumedOffset: Int64 = 0

    init(fd: Int32, path: String, blockSize: Int) {
        self.fd = fd
        self.path = path
        self.block = ByteBuffer(capacity: blockSize)
    }

    var available: Int { block.count - position }

    func peek(_ offset: Int) -> UInt8 { block.base[position + offset] }

    mutating func skip(_ count: Int) {
        position += count
        consumedOffset += Int64(count)
    }

    /// Reads more data. Without `keeping`, only when the block is used up; with it, unconsumed bytes
    /// move to the front and the rest of the block is filled.
    mutating func fill(keeping: Bool = false) throws(ArchiveReadFailure) {
        if !keeping && available > 0 { return }
        let rest = available
        if rest > 0 && position > 0 { block.base.update(from: block.base + position, count: rest) }
        block.count = rest
        position = 0
        while !endOfFile && block.count < block.capacity {
            let n = systemRead(fd, block.base + block.count, block.capacity - block.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw ArchiveReadFailure(
                    kind: .unreadable,
                    message: "\(path): read error at byte \(totalRead): \(String(cString: strerror(errno)))",
                    offset: totalRead)
            }
            if n == 0 {
                endOfFile = true
                break
            }
            block.count += n
            totalRead += Int64(n)
            // One successful read is enough unless we are assembling a split header.
            if !keeping { break }
        }
    }

    /// Copies available bytes into `space`; returns how many.
    mutating func take(into space: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(space.count, available)
        space.baseAddress!.copyMemory(from: block.base + position, byteCount: count)
        skip(count)
        return count
    }

    func withAvailable<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(start: block.base + position, count: available))
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
