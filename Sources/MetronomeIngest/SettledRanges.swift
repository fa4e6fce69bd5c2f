/// The event positions of one file that earlier runs settled, for skipping them on resume.
///
/// A position is `line << 16 | k`: the k-th event (0-based) produced from a 1-based line, so positions
/// grow in the order events are produced. Ranges are sorted and merged when built; `contains` is
/// asked in increasing position order and keeps a cursor, so a whole file costs O(events + ranges).
public struct SettledRanges: Sendable, Equatable {
    private var ranges: [ClosedRange<Int64>]
    private var cursor = 0

    public init(_ ranges: [ClosedRange<Int64>] = []) {
        var merged: [ClosedRange<Int64>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// The position of the `index`-th event (0-based) produced from 1-based `line`.
    @inline(__always)
    public static func position(line: Int, index: Int) -> Int64 { Int64(line) << 16 | Int64(index & 0xFFFF) }

    public var isEmpty: Bool { ranges.isEmpty }
    /// The merged ranges, in order.
    public var all: [ClosedRange<Int64>] { ranges }

    /// True when `position` was settled. Positions must be asked in increasing order.
    public mutating func contains(_ position: Int64) -> Bool {
        while cursor < ranges.count && ranges[cursor].upperBound < position { cursor += 1 }
        return cursor < ranges.count && ranges[cursor].contains(position)
    }
}
