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

extension ChunkMapperTests {
    func testFiftyMappingsEachGetTheirEventsFromOneParseOfEachLine() throws {
        // Segment's per-destination maximum: 50 mappings, mapping i subscribed to events named
        // "E<i mod 10>" (five mappings per name) plus one that takes every track event.
        var mappings: [String] = []
        for index in 0..<49 {
            mappings.append(
                #"{"name":"m\#(index)","subscribe":"type = \"track\" and event = \"E\#(index % 10)\"","mapping":{"#
                    + #""transaction_id":{"@template":"{{messageId}}-\#(index)"},"customer_id":{"@path":"$.userId"},"#
                    + #""timestamp":{"@path":"$.timestamp"},"event_type":"t\#(index)","properties":{"@path":"$.properties"}}}"#
            )
        }
        mappings.append(
            #"{"name":"all","subscribe":"type = \"track\"","mapping":{"transaction_id":{"@path":"$.messageId"},"#
                + #""customer_id":{"@path":"$.userId"},"timestamp":{"@path":"$.timestamp"},"event_type":"all","properties":{}}}"#
        )
        let compiled = try MappingFile.load(Array("{\"mappings\":[\(mappings.joined(separator: ","))]}".utf8))
        XCTAssertEqual(compiled.count, 50)
        let buffer = ByteBuffer(capacity: 1 << 20)
        var lines = 0
        for index in 0..<200 {
            let line =
                #"{"type":"track","event":"E\#(index % 12)","messageId":"id\#(index)","userId":"u","#
                + #""timestamp":"2024-05-30T12:00:00.000Z","properties":{"n":\#(index)}}"# + "\n"
            Array(line.utf8).withUnsafeBytes { buffer.append($0) }
            lines += 1
        }
        let mapper = ChunkMapper(
            mappings: compiled, rules: EventRules(nowMilliseconds: 1_717_200_000_000), maximumLineBytes: 1 << 20,
            parallelism: 2)
        let slices = mapper.map([LineChunk(buffer: buffer)])[0]
        XCTAssertEqual(slices.map(\.lines).reduce(0, +), lines)
        let events = String(decoding: slices.flatMap(\.events), as: UTF8.self).split(separator: "\n")
        // E0...E8 match five of the 49 named mappings each, E9 four (9, 19, 29, 39), E10 and E11
        // none; every line matches "all".
        let named = [5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 0, 0]
        let expected = (0..<200).reduce(0) { total, index in total + 1 + named[index % 12] }
        XCTAssertEqual(events.count, expected)
        XCTAssertEqual(slices.map(\.rejects.count).reduce(0, +), 0, "\(slices.first?.rejects.first?.reason ?? "")")
        // Line 13 (event E1): mappings 1, 11, 21, 31, 41, then "all", in mapping order.
        let fromLine13 = events.filter {
            $0.contains(#""transaction_id":"id13-"#) || $0.contains(#""transaction_id":"id13""#)
        }
        XCTAssertEqual(
            fromLine13.map { line in line.split(separator: ",").first { $0.hasPrefix(#""event_type""#) }! },
            [
                #""event_type":"t1""#, #""event_type":"t11""#, #""event_type":"t21""#, #""event_type":"t31""#,
                #""event_type":"t41""#, #""event_type":"all""#,
            ])
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
