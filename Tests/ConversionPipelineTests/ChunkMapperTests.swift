import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents
@testable import SegmentArchive
@testable import SegmentMapping

final class ChunkMapperTests: XCTestCase {
    func testSlicesEndAfterNewlinesAndCoverTheBuffer() {
        let line = Array("{\"a\":1}\n".utf8)
        let buffer = ByteBuffer(capacity: 200_000)
        while buffer.count + line.count <= buffer.capacity { line.withUnsafeBytes { buffer.append($0) } }
        let slices = ChunkMapper.slices(of: buffer, parts: 4)
        XCTAssertEqual(slices.count, 4)
        XCTAssertEqual(slices.first?.lowerBound, 0)
        XCTAssertEqual(slices.last?.upperBound, buffer.count)
        for (previous, next) in zip(slices, slices.dropFirst()) {
            XCTAssertEqual(previous.upperBound, next.lowerBound)
            XCTAssertEqual(buffer.base[previous.upperBound - 1], 0x0A)
        }
    }

    func testParallelMappingGivesTheSameBytesAsSequential() {
        let generator = CorpusGenerator(seed: 3)
        let buffer = ByteBuffer(capacity: 4 << 20)
        var line: [UInt8] = []
        var index = 0
        while true {
            line.removeAll(keepingCapacity: true)
            generator.appendLine(index: index, to: &line)
            line.append(0x0A)
            if buffer.count + line.count > buffer.capacity { break }
            line.withUnsafeBytes { buffer.append($0) }
            index += 1
        }
        let chunk = LineChunk(buffer: buffer)
        func run(_ parallelism: Int) -> ([UInt8], Int) {
            let mapper = ChunkMapper(
                mappings: [.segmentPreset], rules: EventRules(nowMilliseconds: 4_000_000_000_000),
                maximumLineBytes: 1 << 20,
                parallelism: parallelism)
            let slices = mapper.map([chunk])[0]
            return (slices.flatMap(\.events), slices.map(\.lines).reduce(0, +))
        }
        let sequential = run(1)
        let parallel = run(4)
        XCTAssertEqual(sequential.1, index)
        XCTAssertEqual(parallel.1, index)
        XCTAssertEqual(parallel.0, sequential.0)
        XCTAssertGreaterThan(sequential.0.count, 0)
    }
}

final class MappingBenchmarkTests: XCTestCase {
    func testEveryStageRunsOnGeneratedInputAndCountsAgree() throws {
        let archive = MappingBenchmark.generatedArchive(events: 3000)
        let result = try MappingBenchmark(archives: [archive], mappings: [.segmentPreset], threads: 2).run()
        XCTAssertEqual(result.lines, 3000)
        XCTAssertEqual(result.stages.map(\.name), ["inflate", "parse", "parse+trigger+map (2 threads)", "write"])
        XCTAssertGreaterThan(result.eventsWritten, 0)
        XCTAssertEqual(result.compressedBytes, Int64(archive.count))
        XCTAssertTrue(MappingBenchmark.describe(result).contains("events/s"))
    }
}

final class MappingCheckTests: XCTestCase {
    func testReportsMatchesEventsRejectionsAndInvalidLines() throws {
        let checker = MappingCheck(mappings: [.segmentPreset], rules: EventRules(nowMilliseconds: goldenNow))
        let good = Array(
            #"{"type":"track","event":"E","messageId":"m","timestamp":"2024-05-30T00:00:00Z","context":{"groupId":"g"},"properties":{}}"#
                .utf8)
        guard case .checked(_, let results) = checker.check(good), case .event(let json) = results.first?.outcome else {
            return XCTFail("expected an event")
        }
        XCTAssertTrue(json.hasPrefix(#"{"transaction_id":"m","customer_id":"g""#), json)
        guard case .checked(_, let skipped) = checker.check(Array(#"{"type":"identify"}"#.utf8)) else {
            return XCTFail()
        }
        XCTAssertEqual(skipped.first?.outcome, .notMatched)
        guard case .invalid(let reason) = checker.check(Array("{nope".utf8)) else { return XCTFail() }
        XCTAssertTrue(reason.contains("column 2"), reason)
        XCTAssertEqual(checker.check(Array("  ".utf8)), .blank)
    }
}
