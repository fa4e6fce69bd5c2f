/// Which of N shards a file belongs to: `FNV-1a(relative path) mod N`, so every machine computes the
/// same split without talking to the others, and a file keeps its shard from run to run.
public struct ShardAssignment: Sendable, Equatable, CustomStringConvertible {
    /// This worker's shard, 0-based.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (`--shard 2/8`).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The shard from the environment of an indexed job: Kubernetes' `JOB_COMPLETION_INDEX`, else AWS
    /// Batch's `AWS_BATCH_JOB_ARRAY_INDEX`; nil when neither is set or it is out of range.
    public static func fromEnvironment(_ environment: [String: String], count: Int) -> ShardAssignment? {
        for name in ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"] {
            if let value = environment[name], let index = Int(value) {
                return ShardAssignment(index: index, count: count)
            }
        }
        return nil
    }

    public func owns(_ relativePath: String) -> Bool {
        var hash = FNV1a()
        hash.add(relativePath)
        return Int(hash.value % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }
}
