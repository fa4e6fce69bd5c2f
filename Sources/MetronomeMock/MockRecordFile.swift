import SegmentJSON

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only NDJSON file of accepted events (`--record`): one compact JSON event per line.
///
/// Not thread-safe: the server writes it under its state lock, one `write` per request, so lines of
/// concurrent requests never interleave.
final class MockRecordFile {
    let path: String
    private let descriptor: Int32

    /// Opens (creating if needed) `path` for appending.
    init(path: String) throws(MockMetronomeError) {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .recordFile(path: path, reason: String(cString: strerror(errno)))
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `bytes` (whole lines); returns the `errno` text when the write fails.
    func append(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }

    /// Calls `body` with the `transaction_id` of each event already in the file at `path` (none when it
    /// does not exist), so that dedupe survives a restart. Lines that are not events with a string
    /// `transaction_id` are skipped. Reads in 1 MiB blocks; memory is O(longest line).
    static func forEachTransactionID(
        inFileAt path: String, _ body: (String) -> Void
    ) throws(MockMetronomeError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return }
            throw .recordFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var parser = JSONLineParser()
        var document = JSONDocument()
        func take(_ line: UnsafeRawBufferPointer) {
            guard let base = line.baseAddress, !line.isEmpty else { return }
            let bytes = JSONBytes(base: base.assumingMemoryBound(to: UInt8.self), count: line.count)
            guard (try? parser.parse(bytes, into: &document)) != nil,
                let span = document.member("transaction_id"), span.kind == .string
            else { return }
            body(JSONStringDecoder.string(bytes, span))
        }
        var pending: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .recordFile(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            var start = 0
            for index in 0..<count where block[index] == 0x0A {
                if pending.isEmpty {
                    block.withUnsafeBytes { take(UnsafeRawBufferPointer(rebasing: $0[start..<index])) }
                } else {
                    pending.append(contentsOf: block[start..<index])
                    pending.withUnsafeBytes { take($0) }
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            pending.append(contentsOf: block[start..<count])
        }
        pending.withUnsafeBytes { take($0) }
    }
}
