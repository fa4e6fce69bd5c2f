import CZlib

/// zlib's inflate for gzip members: the fallback when ISA-L is absent at build time.
final class ZlibBackend {
    private var stream = z_stream()
    private var initialised = false
    private var needsReset = false

    init() {
        // 15 + 16: a 32 KiB window and the gzip wrapper only.
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        initialised = status == Z_OK
    }

    deinit {
        if initialised { inflateEnd(&stream) }
    }

    /// zlib hands out every decoded byte before it reports a failure.
    var hasPendingFailure: Bool { false }

    func reset() {
        inflateReset(&stream)
        needsReset = false
    }

    func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateStep {
        guard initialised else {
            return InflateStep(
                consumed: 0, produced: 0, memberEnded: false, failure: .corrupt("zlib could not be initialised"))
        }
        if needsReset { reset() }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.avail_in)
        let produced = output.count - Int(stream.avail_out)
        switch status {
        case Z_OK, Z_BUF_ERROR:
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false)
        case Z_STREAM_END:
            needsReset = true
            return InflateStep(consumed: consumed, produced: produced, memberEnded: true)
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            return InflateStep(consumed: consumed, produced: produced, memberEnded: false, failure: .corrupt(message))
        }
    }
}
