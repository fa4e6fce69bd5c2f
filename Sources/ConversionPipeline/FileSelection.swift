import Foundation
import RunLedger
import SegmentArchive

/// Which discovered files a run takes: this worker's shard (`--shard`) and a time window
/// (`--since`/`--until`).
///
/// A file's time is its S3 day folder when its path has one (Segment's layout
/// `segment-logs/<sourceId>/<day>/<file>.gz`, the day as the epoch milliseconds of its UTC midnight),
/// else its modification time. The window is `since <= time < until`.
public struct FileSelection: Sendable, Equatable {
    public var shard: ShardAssignment?
    /// Inclusive lower bound, epoch milliseconds.
    public var since: Int64?
    /// Exclusive upper bound, epoch milliseconds.
    public var until: Int64?

    public init(shard: ShardAssignment? = nil, since: Int64? = nil, until: Int64? = nil) {
        self.shard = shard
        self.since = since
        self.until = until
    }

    /// What the selection kept and how many it left out, by reason.
    public struct Outcome: Sendable {
        public var files: [ArchiveFile] = []
        public var otherShards = 0
        public var outsideWindow = 0
    }

    public var isEverything: Bool { shard == nil && since == nil && until == nil }

    /// Applies the selection. O(files), one `stat` per file without a day folder when a window is set.
    public func apply(_ files: [ArchiveFile]) -> Outcome {
        var outcome = Outcome()
        for file in files {
            if let shard, !file.isStandardInput, !shard.owns(file.relativePath) {
                outcome.otherShards += 1
                continue
            }
            if since != nil || until != nil, !file.isStandardInput {
                let time = Self.dayFolder(file.relativePath) ?? Self.modificationMilliseconds(file.path)
                if let time, (since.map { time < $0 } ?? false) || (until.map { time >= $0 } ?? false) {
                    outcome.outsideWindow += 1
                    continue
                }
            }
            outcome.files.append(file)
        }
        return outcome
    }

    /// The day of a path in Segment's S3 layout: the last folder whose name is epoch milliseconds of a
    /// UTC midnight (13 digits, a multiple of 86,400,000); nil when there is none.
    static func dayFolder(_ relativePath: String) -> Int64? {
        let folders = relativePath.split(separator: "/").dropLast()
        for folder in folders.reversed() {
            guard folder.count == 13, folder.allSatisfy({ ("0"..."9").contains($0) }), let value = Int64(folder) else {
                continue
            }
            if value % 86_400_000 == 0 { return value }
        }
        return nil
    }

    static func modificationMilliseconds(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }
}
