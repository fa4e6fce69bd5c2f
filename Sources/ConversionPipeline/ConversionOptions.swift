import MetronomeEvents
import MetronomeIngest
import SegmentMapping

/// Everything a conversion run needs, as decided by the command line.
public struct ConversionOptions: Sendable {
    public enum Destination: Sendable {
        /// One NDJSON file per input file under this directory.
        case directory(String)
        /// Every event to standard output.
        case standardOutput
        /// Every event to Metronome's `/v1/ingest` (`sync`).
        case metronome(UploadOptions)
    }

    public var inputs: [String]
    public var destination: Destination
    public var gzip = false
    public var mappings: [CompiledMapping] = [.segmentPreset]
    public var rules: EventRules
    public var threads: Int
    public var maximumLineBytes = 8 << 20
    public var chunkSize = 1 << 20
    /// The most bytes of a rejected record the rejects file keeps (`--max-reject-record-bytes`).
    public var maximumRejectRecordBytes = RejectRecord.defaultMaximumRecordBytes
    /// Where rejected records go.
    public var rejectsPath: String
    public var reportPath: String?
    /// Show a progress line (only honoured when stderr is a terminal).
    public var showProgress = true
    /// Which discovered files this run takes (`--shard`, `--since`, `--until`).
    public var selection = FileSelection()
    /// The ledger (`--ledger`): skips done files, resumes unfinished ones, records what was done.
    public var ledger: LedgerSession?

    public init(inputs: [String], destination: Destination, rules: EventRules, threads: Int, rejectsPath: String) {
        self.inputs = inputs
        self.destination = destination
        self.rules = rules
        self.threads = max(1, threads)
        self.rejectsPath = rejectsPath
    }

    /// True when events go to standard output (files are then read one at a time, in order).
    public var writesStandardOutput: Bool {
        if case .standardOutput = destination { return true }
        return false
    }

    /// The rejects path used when `--rejects` is not given: beside the output directory, never in it,
    /// so that uploading the output tree cannot pick rejects up.
    public static func defaultRejectsPath(for destination: Destination) -> String {
        switch destination {
        case .directory(let path):
            var trimmed = path
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed + ".rejects.ndjson"
        case .standardOutput, .metronome:
            return "segment-metronome.rejects.ndjson"
        }
    }
}

/// How the HTTP sink sends: the transport (`IngestClient`, or a stand-in in tests), the uploader's
/// concurrency, retry policy and rate limit, and the batch size.
public struct UploadOptions: Sendable {
    public var transport: any IngestTransport
    public var uploader = BatchUploader.Settings()
    /// Events per request, 1 to 100 (`--batch-size`).
    public var batchSize = 100
    /// Where the events go, for the summary (never with credentials).
    public var endpointDescription: String

    public init(transport: any IngestTransport, endpointDescription: String) {
        self.transport = transport
        self.endpointDescription = endpointDescription
    }
}
