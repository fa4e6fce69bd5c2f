import MetronomeEvents
import SegmentMapping

/// Everything a conversion run needs, as decided by the command line.
public struct ConversionOptions: Sendable {
    public enum Destination: Sendable, Equatable {
        /// One NDJSON file per input file under this directory.
        case directory(String)
        /// Every event to standard output.
        case standardOutput
    }

    public var inputs: [String]
    public var destination: Destination
    public var gzip = false
    public var mappings: [CompiledMapping] = [.segmentPreset]
    public var rules: EventRules
    public var threads: Int
    public var maximumLineBytes = 8 << 20
    public var chunkSize = 1 << 20
    /// Where rejected records go.
    public var rejectsPath: String
    public var reportPath: String?
    /// Show a progress line (only honoured when stderr is a terminal).
    public var showProgress = true

    public init(inputs: [String], destination: Destination, rules: EventRules, threads: Int, rejectsPath: String) {
        self.inputs = inputs
        self.destination = destination
        self.rules = rules
        self.threads = max(1, threads)
        self.rejectsPath = rejectsPath
    }

    /// The rejects path used when `--rejects` is not given: beside the output directory, never in it,
    /// so that uploading the output tree cannot pick rejects up.
    public static func defaultRejectsPath(for destination: Destination) -> String {
        switch destination {
        case .directory(let path):
            var trimmed = path
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed + ".rejects.ndjson"
        case .standardOutput:
            return "segment-metronome.rejects.ndjson"
        }
    }
}
