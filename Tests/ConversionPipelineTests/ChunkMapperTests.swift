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
