import Foundation

/// What makes a file "the same file" for the ledger: relative path, size, modification time and a
/// content fingerprint.
///
/// The fingerprint is FNV-1a (64 bit) over the size and the first and last 4 KiB of the file, so
/// computing it costs two small reads whatever the file size, and an hourly run over a dump of
/// 100,000 files reads under 1 GB. For a gzip file the last 8 bytes are the CRC-32 and length of the
/// last member's content, so a file rewritten in place with the same size and time (which size and
/// time alone would miss) changes the fingerprint.
public struct FileIdentity: Sendable, Equatable {
    public var relativePath: String
    public var size: Int64
    public var modificationNanoseconds: Int64
    public var fingerprint: String

    public init(relativePath: String, size: Int64, modificationNanoseconds: Int64, fingerprint: String) {
        self.relativePath = relativePath
        self.size = size
        self.modificationNanoseconds = modificationNanoseconds
        self.fingerprint = fingerprint
    }

    /// The identity of the file at `path`; nil when it cannot be read.
    public static func of(path: String, relativePath: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let size = Int64(info.st_size)
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = FNV1a()
        hash.add(String(size))
        let window = 4 << 10
        // `read(upToCount:)` returns nil at the end of the file: an empty file has no head, and an identity.
        let head: Data?
        do { head = try handle.read(upToCount: window) } catch { return nil }
        hash.add(head ?? Data())
        if size > Int64(window) {
            guard (try? handle.seek(toOffset: UInt64(max(Int64(window), size - Int64(window))))) != nil,
                let tail = try? handle.read(upToCount: window)
            else { return nil }
            hash.add(tail)
        }
        return FileIdentity(
            relativePath: relativePath, size: size, modificationNanoseconds: modified, fingerprint: hash.hex)
    }
}

/// 64-bit FNV-1a: stable across runs and machines (unlike `Hasher`), for fingerprints and shards.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    public mutating func add(_ text: String) { add(text.utf8) }

    /// 16 lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
