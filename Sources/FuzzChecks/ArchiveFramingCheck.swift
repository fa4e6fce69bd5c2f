import Foundation
import SegmentArchive

/// The `archive` target's check: `bytes` written to `path` and read as a `.gz` object with small
/// chunks and a small line limit; each chunk fits its buffer, no kept prefix is longer than its line,
/// and a clean read emits no more line bytes than it inflated. O(inflated size).
public enum ArchiveFramingCheck {
    /// The reader the target uses: 4 KiB chunks, 1 KiB lines, 512-byte reads.
    public static func makeReader() -> ArchiveReader {
        ArchiveReader(chunkSize: 4096, maximumLineBytes: 1024, inputBlockSize: 512)
    }

    public static func problem(_ bytes: [UInt8], path: String, reader: ArchiveReader = makeReader()) throws -> String? {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var total = 0
        var problem: String?
        let result = reader.read(ArchiveFile(path: path, relativePath: "fuzz.gz")) { item in
            switch item {
            case .lines(let chunk):
                if chunk.count > 4096 + 1024 { problem = "a chunk outgrew its buffer" }
                total += chunk.count
            case .overlongLine(let prefix, let length), .damagedTail(let prefix, let length):
                if prefix.count > length { problem = "a prefix longer than its line" }
            }
        }
        if result.failure == nil && Int64(total) > result.bytesOut { problem = "more line bytes than inflated bytes" }
        return problem
    }
}
