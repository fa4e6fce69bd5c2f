import XCTest

@testable import SegmentArchive

final class LineFramerTests: XCTestCase {
    /// Runs `input` through a framer, committing pieces of the given sizes in turn.
    private func frame(
        _ input: [UInt8], chunkSize: Int = 64, maximumLineBytes: Int = 1 << 20, pieces: [Int] = [1 << 20],
        damaged: Bool = false, pool: ByteBufferPool? = nil
    ) -> [ArchiveItem] {
        var items: [ArchiveItem] = []
        var framer = LineFramer(chunkSize: chunkSize, maximumLineBytes: maximumLineBytes, pool: pool) {
            items.append($0)
        }
        var offset = 0
        var piece = 0
        input.withUnsafeBytes { source in
            while offset < source.count {
                let space = framer.freeSpace()
                XCTAssertGreaterThan(space.count, 0, "freeSpace must never be empty")
                let count = min(space.count, pieces[piece % pieces.count], source.count - offset)
                space.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
                framer.commit(count)
                offset += count
                piece += 1
            }
        }
        framer.finish(damaged: damaged)
        return items
    }

    private func chunks(_ items: [ArchiveItem]) -> [LineChunk] {
        items.compactMap { item in
            if case .lines(let chunk) = item { return chunk }
            return nil
        }
    }

    private func data(_ items: [ArchiveItem]) -> [UInt8] {
        chunks(items).flatMap { Array($0.buffer.bytes) }
    }

    private func overlong(_ items: [ArchiveItem]) -> [(prefix: [UInt8], length: Int)] {
        items.compactMap { item in
            if case .overlongLine(let prefix, let length) = item { return (prefix, length) }
            return nil
        }
    }

    private func damaged(_ items: [ArchiveItem]) -> [(prefix: [UInt8], length: Int)] {
        items.compactMap { item in
            if case .damagedTail(let prefix, let length) = item { return (prefix, length) }
            return nil
        }
    }

    /// Lines of lengths 0 ..< maximumLength (plus `\n`), deterministic.
    private func variedLines(_ count: Int, maximumLength: Int, seed: UInt64 = 7) -> [[UInt8]] {
        var state = seed
        return (0..<count).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int((state >> 33) % UInt64(maximumLength))
            let letter = UInt8(ascii: "a") + UInt8(index % 26)
            return [UInt8](repeating: letter, count: length) + [0x0A]
        }
    }

    // MARK: - Chunking

    func testChunksEndOnNewlinesAndConcatenateToTheInput() {
        let input = variedLines(400, maximumLength: 150).flatMap { $0 }
        for pieces in [[1], [7], [64], [1000], [3, 200, 1, 64]] {
            let items = frame(input, chunkSize: 64, pieces: pieces)
            let emitted = chunks(items)
            XCTAssertEqual(emitted.count, items.count, "only line chunks expected")
            XCTAssertGreaterThan(emitted.count, 10)
            for chunk in emitted {
                XCTAssertGreaterThan(chunk.count, 0)
                XCTAssertEqual(chunk.buffer.bytes.last, 0x0A, "pieces \(pieces)")
            }
            XCTAssertEqual(data(items), input, "pieces \(pieces)")
        }
    }

    func testLastLineWithoutNewlineIsDeliveredInTheLastChunk() {
        let input = Array("{\"a\":1}\n{\"b\":2}".utf8)
        let items = frame(input, pieces: [5])
        XCTAssertEqual(data(items), input)
        XCTAssertEqual(chunks(items).last?.buffer.bytes.last, UInt8(ascii: "}"))
        XCTAssertTrue(damaged(items).isEmpty)
    }

    func testEmptyStreamEmitsNothing() {
        XCTAssertTrue(frame([]).isEmpty)
        XCTAssertTrue(frame([], damaged: true).isEmpty)
    }

    func testLineLongerThanChunkButWithinLimitIsDeliveredWhole() {
        let long = [UInt8](repeating: 0x41, count: 500) + [0x0A]
        let input = Array("a\n".utf8) + long + Array("b\n".utf8)
        let items = frame(input, chunkSize: 64, maximumLineBytes: 1000, pieces: [13])
        XCTAssertTrue(overlong(items).isEmpty)
        XCTAssertEqual(data(items), input)
        XCTAssertTrue(splitLines(data(items)).contains(long))
    }

    func testChunkSizeHasAFloorOf64() {
        var items: [ArchiveItem] = []
        let framer = LineFramer(chunkSize: 1, maximumLineBytes: 0) { items.append($0) }
        XCTAssertEqual(framer.chunkSize, 64)
        XCTAssertEqual(framer.maximumLineBytes, 1)
    }

    // MARK: - Byte-order mark

    func testBOMIsStrippedAtStreamStart() {
        let body = Array("{\"a\":1}\n".utf8)
        XCTAssertEqual(data(frame([0xEF, 0xBB, 0xBF] + body)), body)
    }

    func testBOMIsStrippedWhenTheFirstCommitsAreOneOrTwoBytes() {
        let body = Array("{\"a\":1}\n{\"b\":2}\n".utf8)
        for pieces in [[1], [2], [1, 2, 100], [2, 1, 100], [1, 1, 1, 100]] {
            XCTAssertEqual(data(frame([0xEF, 0xBB, 0xBF] + body, pieces: pieces)), body, "pieces \(pieces)")
        }
    }

    func testBOMOnlyStreamEmitsNothing() {
        XCTAssertTrue(data(frame([0xEF, 0xBB, 0xBF], pieces: [1])).isEmpty)
    }

    func testBOMAfterStreamStartIsKept() {
        let input = Array("{}\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("{}\n".utf8)
        XCTAssertEqual(data(frame(input, pieces: [1])), input)
        XCTAssertEqual(data(frame(input)), input)
    }

    func testPartialBOMIsKept() {
        XCTAssertEqual(data(frame([0xEF, 0xBB, 0x7B, 0x7D, 0x0A], pieces: [1])), [0xEF, 0xBB, 0x7B, 0x7D, 0x0A])
        XCTAssertEqual(data(frame([0xEF, 0xBB], pieces: [1])), [0xEF, 0xBB])
    }

    // MARK: - Overlong lines

    func testOverlongLineIsReportedAndFollowingLinesStillDelivered() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 500)
        let input = Array("short\n".utf8) + line + [0x0A] + Array("after\n".utf8)
        for pieces in [[1], [10], [1000]] {
            let items = frame(input, chunkSize: 64, maximumLineBytes: 100, pieces: pieces)
            XCTAssertEqual(data(items), Array("short\nafter\n".utf8), "pieces \(pieces)")
            let reported = overlong(items)
            XCTAssertEqual(reported.count, 1)
            XCTAssertEqual(reported.first?.length, 500)
            let prefix = reported.first?.prefix ?? []
            XCTAssertFalse(prefix.isEmpty)
            XCTAssertLessThanOrEqual(prefix.count, LineFramer.prefixBytes)
            XCTAssertEqual(prefix, Array(line.prefix(prefix.count)))
            // Items stay in stream order: the short line, then the overlong one, then the rest.
            guard let index = items.firstIndex(where: { if case .overlongLine = $0 { true } else { false } }) else {
                return XCTFail("no overlong item")
            }
            XCTAssertEqual(data(Array(items[..<index])), Array("short\n".utf8))
        }
    }

    func testOverlongLinePrefixIsCappedAt1024Bytes() {
        let line = (0..<5000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let items = frame(line + [0x0A] + Array("ok\n".utf8), chunkSize: 64, maximumLineBytes: 2000, pieces: [100])
        let reported = overlong(items)
        XCTAssertEqual(reported.count, 1)
        XCTAssertEqual(reported.first?.length, 5000)
        XCTAssertEqual(reported.first?.prefix, Array(line.prefix(1024)))
        XCTAssertEqual(data(items), Array("ok\n".utf8))
    }

    func testConsecutiveOverlongLines() {
        let a = [UInt8](repeating: 0x61, count: 300)
        let b = [UInt8](repeating: 0x62, count: 400)
        let input = a + [0x0A] + b + [0x0A] + Array("c\n".utf8)
        let items = frame(input, chunkSize: 64, maximumLineBytes: 100, pieces: [37])
        XCTAssertEqual(overlong(items).map(\.length), [300, 400])
        XCTAssertEqual(overlong(items).map { $0.prefix.first }, [0x61, 0x62])
        XCTAssertEqual(data(items), Array("c\n".utf8))
    }

    func testOverlongLineAtEndOfStreamWithoutNewline() {
        let input = Array("a\n".utf8) + [UInt8](repeating: 0x7A, count: 700)
        let items = frame(input, chunkSize: 64, maximumLineBytes: 100, pieces: [50])
        XCTAssertEqual(overlong(items).map(\.length), [700])
        XCTAssertEqual(data(items), Array("a\n".utf8))
        XCTAssertTrue(damaged(items).isEmpty)
    }

    func testOverlongLineEndingExactlyAtNewlineAfterSkip() {
        // The newline arrives as the first byte of a later commit.
        let input = [UInt8](repeating: 0x71, count: 200) + Array("\nz\n".utf8)
        let items = frame(input, chunkSize: 64, maximumLineBytes: 100, pieces: [200, 1, 2])
        XCTAssertEqual(overlong(items).map(\.length), [200])
        XCTAssertEqual(data(items), Array("z\n".utf8))
    }

    // MARK: - Damaged tail

    func testDamagedFinishReportsIncompleteLastLine() {
        let input = Array("a\nb\nincomplete".utf8)
        let items = frame(input, pieces: [3], damaged: true)
        XCTAssertEqual(data(items), Array("a\nb\n".utf8))
        let tails = damaged(items)
        XCTAssertEqual(tails.count, 1)
        XCTAssertEqual(tails.first?.prefix, Array("incomplete".utf8))
        XCTAssertEqual(tails.first?.length, 10)
        if case .damagedTail = items.last {} else { XCTFail("the damaged tail must come last") }
    }

    func testDamagedFinishWithCompleteLastLineHasNoTail() {
        let items = frame(Array("a\nb\n".utf8), damaged: true)
        XCTAssertEqual(data(items), Array("a\nb\n".utf8))
        XCTAssertTrue(damaged(items).isEmpty)
    }

    func testDamagedTailOnlyStream() {
        let items = frame(Array("{\"a\":".utf8), damaged: true)
        XCTAssertTrue(chunks(items).isEmpty)
        XCTAssertEqual(damaged(items).map(\.length), [5])
    }

    func testLongDamagedTailPrefixIsCapped() {
        let tail = [UInt8](repeating: 0x74, count: 3000)
        let items = frame(Array("ok\n".utf8) + tail, chunkSize: 64, maximumLineBytes: 10_000, damaged: true)
        XCTAssertEqual(data(items), Array("ok\n".utf8))
        XCTAssertEqual(damaged(items).first?.length, 3000)
        XCTAssertEqual(damaged(items).first?.prefix.count, LineFramer.prefixBytes)
    }

    func testDamagedTailAfterManyChunks() {
        let lines = variedLines(100, maximumLength: 90)
        let input = lines.flatMap { $0 } + Array("{\"cut".utf8)
        let items = frame(input, chunkSize: 64, pieces: [17], damaged: true)
        XCTAssertEqual(data(items), lines.flatMap { $0 })
        XCTAssertEqual(damaged(items).map(\.prefix), [Array("{\"cut".utf8)])
    }

    // MARK: - Memory bound

    /// One event per input line, in stream order: a delivered line or an overlong report.
    private enum LineEvent {
        case delivered([UInt8])
        case overlong(prefix: [UInt8], length: Int)
    }

    private func events(_ items: [ArchiveItem]) -> [LineEvent] {
        var events: [LineEvent] = []
        var pending: [UInt8] = []
        for item in items {
            switch item {
            case .lines(let chunk):
                pending.append(contentsOf: chunk.buffer.bytes)
                for line in splitLines(pending) where line.last == 0x0A { events.append(.delivered(line)) }
                pending = splitLines(pending).last.flatMap { $0.last == 0x0A ? nil : $0 } ?? []
            case .overlongLine(let prefix, let length):
                events.append(.overlong(prefix: prefix, length: length))
            case .damagedTail:
                XCTFail("unexpected damaged tail")
            }
        }
        XCTAssertTrue(pending.isEmpty)
        return events
    }

    func testEveryLineIsDeliveredOrReportedInOrder() {
        let chunkSize = 64
        let limit = 1000
        let lines = variedLines(600, maximumLength: 3000, seed: 99)
        let input = lines.flatMap { $0 }
        for pieces in [[1], [63], [1000], [5000], [7, 300, 2048]] {
            let events = events(frame(input, chunkSize: chunkSize, maximumLineBytes: limit, pieces: pieces))
            XCTAssertEqual(events.count, lines.count, "pieces \(pieces)")
            var overlongCount = 0
            for (line, event) in zip(lines, events) {
                let content = line.count - 1
                switch event {
                case .delivered(let delivered):
                    XCTAssertEqual(delivered, line, "pieces \(pieces)")
                case .overlong(let prefix, let length):
                    overlongCount += 1
                    XCTAssertGreaterThan(content, limit, "only lines over the limit are reported")
                    XCTAssertEqual(length, content)
                    XCTAssertEqual(prefix, Array(line.prefix(prefix.count)))
                    XCTAssertFalse(prefix.isEmpty)
                    XCTAssertLessThanOrEqual(prefix.count, LineFramer.prefixBytes)
                }
            }
            XCTAssertGreaterThan(overlongCount, 100, "pieces \(pieces)")
        }
    }

    func testBuffersStayWithinChunkSizePlusLineLimitWhenNoLineIsOverlong() {
        let chunkSize = 64
        let limit = 1000
        let lines = variedLines(600, maximumLength: limit, seed: 5)
        let input = lines.flatMap { $0 }
        for pieces in [[1], [63], [1000], [5000], [7, 300, 2048]] {
            let items = frame(input, chunkSize: chunkSize, maximumLineBytes: limit, pieces: pieces)
            XCTAssertEqual(data(items), input)
            XCTAssertTrue(chunks(items).contains { $0.buffer.capacity > chunkSize }, "long lines grow the buffer")
            for chunk in chunks(items) {
                XCTAssertLessThanOrEqual(chunk.buffer.capacity, chunkSize + limit, "pieces \(pieces)")
            }
        }
    }

    func testLinesBetweenLimitAndBufferSizeAreEitherDeliveredOrReported() {
        // 1001-byte line with a 1000-byte limit: whichever way the framer goes, nothing is lost.
        let line = [UInt8](repeating: 0x6C, count: 1001)
        let input = line + [0x0A] + Array("n\n".utf8)
        let items = frame(input, chunkSize: 64, maximumLineBytes: 1000, pieces: [64])
        let wasReported = overlong(items).map(\.length) == [1001]
        let wasDelivered = splitLines(data(items)) == [line + [0x0A], Array("n\n".utf8)]
        XCTAssertTrue(wasReported || wasDelivered)
        XCTAssertEqual(splitLines(data(items)).last, Array("n\n".utf8))
    }

    // MARK: - Pool

    func testPooledBuffersAreRecycled() {
        let pool = ByteBufferPool(bufferCapacity: 64, limit: 4)
        var seen = Set<ObjectIdentifier>()
        var items: [ArchiveItem] = []
        var framer = LineFramer(chunkSize: 64, maximumLineBytes: 1000, pool: pool) { item in
            if case .lines(let chunk) = item {
                seen.insert(ObjectIdentifier(chunk.buffer))
                items.append(.lines(LineChunk(buffer: ByteBuffer(capacity: 1))))
                pool.give(chunk.buffer)
            }
        }
        let input = variedLines(300, maximumLength: 20).flatMap { $0 }
        input.withUnsafeBytes { source in
            var offset = 0
            while offset < source.count {
                let space = framer.freeSpace()
                let count = min(space.count, 10, source.count - offset)
                space.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
                framer.commit(count)
                offset += count
            }
        }
        framer.finish(damaged: false)
        XCTAssertGreaterThan(items.count, 20)
        XCTAssertLessThanOrEqual(seen.count, 3, "chunk buffers should come back from the pool")
    }

    func testPoolWithOtherCapacityIsIgnored() {
        let pool = ByteBufferPool(bufferCapacity: 128, limit: 4)
        let input = variedLines(50, maximumLength: 40).flatMap { $0 }
        let items = frame(input, chunkSize: 64, pool: pool)
        XCTAssertEqual(data(items), input)
        for chunk in chunks(items) { XCTAssertNotEqual(chunk.buffer.capacity, 128) }
    }

    // Regression (found while writing these tests).
    func testBufferAfterOverlongLineStaysWithinChunkSizePlusLineLimit() {
        let input =
            [UInt8](repeating: 0x78, count: 400) + Array("\ns\n".utf8) + [UInt8](repeating: 0x62, count: 230)
            + Array("\nt\n".utf8)
        let items = frame(input, chunkSize: 64, maximumLineBytes: 150)
        for chunk in chunks(items) { XCTAssertLessThanOrEqual(chunk.buffer.capacity, 64 + 150) }
    }
}
