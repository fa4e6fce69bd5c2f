import CZlib

/// Compresses a byte stream into one gzip member with zlib (used for `--gzip` output).
public final class GzipCompressor {
    private var stream = z_stream()
    private var output: [UInt8]

    public init(level: Int32 = 6) {
        output = [UInt8](repeating: 0, count: 256 << 10)
        // 15 + 16: a 32 KiB window with the gzip wrapper; memLevel 8 is zlib's default.
        deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)
        )
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `input`, calling `write` with compressed bytes as they become available.
    public func compress(
        _ input: UnsafeRawBufferPointer, finish: Bool, write: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            let status: Int32 = output.withUnsafeMutableBytes { out in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                return deflate(&stream, flush)
            }
            let produced = output.count - Int(stream.avail_out)
            if produced > 0 {
                try output.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            if finish {
                if status == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && stream.avail_out != 0 {
                return
            }
        }
    }
}
