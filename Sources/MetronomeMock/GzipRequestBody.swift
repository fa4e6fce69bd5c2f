import SegmentArchive

/// Inflates a `Content-Encoding: gzip` request body (one or more gzip members) with a size limit.
enum GzipRequestBody {
    /// Why a body could not be inflated.
    enum Failure: Error, Equatable {
        /// The data is not valid gzip (or ends inside a member); the text says how.
        case invalid(String)
        /// The inflated body is larger than the limit.
        case tooLarge
    }

    /// The inflated bytes of `input`, refusing output larger than `limit` bytes. O(output).
    static func inflate(_ input: UnsafeRawBufferPointer, limit: Int) -> Result<[UInt8], Failure> {
        let inflater = GzipInflater()
        var output: [UInt8] = []
        var window = [UInt8](repeating: 0, count: min(max(input.count * 4, 64 << 10), limit + 1))
        var offset = 0
        var inMember = false
        while offset < input.count || inMember {
            if !inMember {
                inflater.reset()
                inMember = true
            }
            let step = window.withUnsafeMutableBytes { out in
                inflater.inflate(UnsafeRawBufferPointer(rebasing: input[offset...]), into: out)
            }
            offset += step.consumed
            if output.count + step.produced > limit { return .failure(.tooLarge) }
            output.append(contentsOf: window[0..<step.produced])
            if let failure = step.failure {
                switch failure {
                case .corrupt(let reason): return .failure(.invalid(reason))
                case .truncated: return .failure(.invalid("the gzip data ends inside a member"))
                }
            }
            if step.memberEnded {
                inMember = false
            } else if step.consumed == 0 && step.produced == 0 {
                return .failure(.invalid("the gzip data ends inside a member"))
            }
        }
        return .success(output)
    }
}
