/// Why a gzip stream could not be read to its end.
public enum InflateFailure: Error, Sendable, Equatable {
    /// The compressed data is invalid (bad block, bad header, wrong checksum).
    case corrupt(String)
    /// The file ended inside a gzip member.
    case truncated
}

/// The result of one inflate call.
public struct InflateStep: Sendable {
    /// Input bytes consumed.
    public var consumed: Int
    /// Output bytes produced.
    public var produced: Int
    /// A gzip member ended (its trailer was checked) within this call.
    public var memberEnded: Bool
    /// The data turned out to be damaged; `produced` bytes were still written before that was found.
    public var failure: InflateFailure?

    public init(consumed: Int, produced: Int, memberEnded: Bool, failure: InflateFailure? = nil) {
        self.consumed = consumed
        self.produced = produced
        self.memberEnded = memberEnded
        self.failure = failure
    }
}

/// Inflates gzip members with the fastest library the build found: ISA-L's `igzip` when the
/// manifest saw `libisal-dev`, zlib otherwise. One instance per reader thread; not thread-safe.
public final class GzipInflater {
    #if HAVE_ISAL
        private let backend = ISALBackend()
    #else
        private let backend = ZlibBackend()
    #endif

    public init() {}

    /// The name of the inflate library in use, for `--version` and benchmark reports.
    public static var libraryName: String {
        #if HAVE_ISAL
            return "ISA-L igzip"
        #else
            return "zlib"
        #endif
    }

    /// Whether bytes decoded before a failure are still to be handed out (call `inflate` again).
    public var hasPendingFailure: Bool { backend.hasPendingFailure }

    /// Starts a new gzip member.
    public func reset() { backend.reset() }

    /// Inflates from `input` into `output`; stops when either is exhausted, a member ends or the data
    /// is found damaged (reported in the step, with the bytes produced before).
    public func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateStep {
        backend.inflate(input, into: output)
    }
}
