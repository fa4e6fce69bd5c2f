import XCTest

@testable import MetronomeIngest

final class IngestBatcherTests: XCTestCase {
    private func event(_ id: String) -> String { #"{"transaction_id":"\#(id)"}"# }

    /// Adds events with the given transaction IDs; returns the closed batches' IDs and sequences.
    private func run(_ ids: [String], size: Int) -> [(sequence: Int, ids: [String])] {
        var batcher = IngestBatcher(file: 3, maximumEvents: size)
        var closed: [IngestBatch] = []
        for (line, id) in ids.enumerated() {
            var text = event(id)
            closed += text.withUTF8 {
                batcher.add(
                    UnsafeRawBufferPointer($0), transactionID: Array(id.utf8), origin: .init(file: 3, line: line + 1))
            }
        }
        if let last = batcher.finish() { closed.append(last) }
        return closed.map { batch in
            XCTAssertEqual(batch.file, 3)
            return (batch.sequence, (0..<batch.count).map { String(decoding: batch.event($0), as: UTF8.self) })
        }
    }

    func testBatchesHoldUpToTheLimitInOrderWithSequenceNumbers() {
        let ids = (1...250).map { "e\($0)" }
        let batches = run(ids, size: 100)
        XCTAssertEqual(batches.map(\.sequence), [0, 1, 2])
        XCTAssertEqual(batches.map(\.ids.count), [100, 100, 50])
        XCTAssertEqual(batches.flatMap(\.ids), ids.map(event))
    }

    func testARepeatedTransactionIDStartsTheNextBatch() {
        let batches = run(["a", "b", "a", "c", "c"], size: 100)
        XCTAssertEqual(batches.map(\.ids), [["a", "b"].map(event), ["a", "c"].map(event), [event("c")]])
        XCTAssertEqual(run(["a", "a", "b"], size: 1).map(\.ids), [[event("a")], [event("a")], [event("b")]])
        XCTAssertEqual(run(["a", "b", "a"], size: 2).map(\.ids.count), [2, 1])
    }

    func testTheSizeIsClampedToMetronomesLimit() {
        XCTAssertEqual(IngestBatcher(file: 0, maximumEvents: 500).maximumEvents, 100)
        XCTAssertEqual(IngestBatcher(file: 0, maximumEvents: 0).maximumEvents, 1)
    }

    func testRequestBodiesAreJSONArrays() throws {
        var batcher = IngestBatcher(file: 0, maximumEvents: 10)
        for id in ["x", "y", "z"] {
            var text = event(id)
            _ = text.withUTF8 {
                batcher.add(UnsafeRawBufferPointer($0), transactionID: Array(id.utf8), origin: .init(file: 0, line: 1))
            }
        }
        let batch = try XCTUnwrap(batcher.finish())
        XCTAssertEqual(
            String(decoding: batch.requestBody(), as: UTF8.self), "[\(event("x")),\(event("y")),\(event("z"))]")
        XCTAssertEqual(String(decoding: batch.requestBody(1..<3), as: UTF8.self), "[\(event("y")),\(event("z"))]")
        XCTAssertEqual(String(decoding: batch.requestBody(2..<3), as: UTF8.self), "[\(event("z"))]")
    }
}
