#if HAVE_ISAL
    import CISAL

    /// ISA-L's `isal_inflate` for gzip members: about 4x zlib's speed on this workload.
    final class ISALBackend {
        // inflate_state holds ~40 KiB of tables and history: keep it on the heap, allocated once.
        private let state: UnsafeMutablePointer<inflate_state>
        private var needsReset = false

        init() {
            state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
            isal_inflate_init(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
        }

        deinit { state.deallocate() }

        func reset() {
            isal_inflate_reset(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
            needsReset = false
        }

        func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> InflateStep {
            if needsReset { reset() }
            state.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            state.pointee.avail_in = UInt32(input.count)
            state.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_out = UInt32(output.count)
            let status = isal_inflate(state)
            let consumed = input.count - Int(state.pointee.avail_in)
            let produced = output.count - Int(state.pointee.avail_out)
            switch status {
            case ISAL_DECOMP_OK, ISAL_END_INPUT, ISAL_OUT_OVERFLOW:
                let ended = state.pointee.block_state == ISAL_BLOCK_FINISH
                if ended { needsReset = true }
                return InflateStep(consumed: consumed, produced: produced, memberEnded: ended)
            case ISAL_INCORRECT_CHECKSUM:
                return InflateStep(
                    consumed: consumed, produced: produced, memberEnded: false,
                    failure: .corrupt("gzip CRC-32 or length check failed"))
            case ISAL_INVALID_WRAPPER:
                return InflateStep(
                    consumed: consumed, produced: produced, memberEnded: false, failure: .corrupt("invalid gzip header")
                )
            case ISAL_UNSUPPORTED_METHOD:
                return InflateStep(
                    consumed: consumed, produced: produced, memberEnded: false,
                    failure: .corrupt("unsupported compression method"))
            default:
                return InflateStep(
                    consumed: consumed, produced: produced, memberEnded: false,
                    failure: .corrupt("invalid deflate data (igzip status \(status))"))
            }
        }
    }
#endif
