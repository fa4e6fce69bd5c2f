/// Why a file could not be read to its end; the lines read before the failure are still processed.
public struct ArchiveReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unreadable
        case corruptGzip = "corrupt_gzip"
        case truncatedGzip = "truncated_gzip"
        case notAnArchive = "not_an_archive"
    }

    public var kind: Kind
    /// A sentence a person understands, naming the offset reached.
    public var message: String
    /// The compressed byte offset reached when the failure was detected.
    public var offset: Int64

    public init(kind: Kind, message: String, offset: Int64) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}

/// What reading one file amounted to.
public struct ArchiveReadResult: Sendable {
    /// Bytes read from the file (compressed size for gzip).
    public var bytesIn: Int64 = 0
    /// Bytes after decompression.
    public var bytesOut: Int64 = 0
    public var compressed = false
    public var failure: ArchiveReadFailure?

    public init() {}
}
