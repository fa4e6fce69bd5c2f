import XCTest

@testable import MetronomeMock

final class TransactionIDSetTests: XCTestCase {
    func testInsertRemoveAndAll() {
        var set = TransactionIDSet()
        let ids = (0..<10_000).map { "tx-\($0)-\(String(repeating: "x", count: $0 % 40))" }
        for id in ids { XCTAssertTrue(set.insert(id)) }
        for id in ids.prefix(100) { XCTAssertFalse(set.insert(id)) }
        set.remove(ids[0])
        XCTAssertTrue(set.insert(ids[0]))
        set.remove(ids[1])
        XCTAssertEqual(set.all, Set(ids).subtracting([ids[1]]))
    }
}
