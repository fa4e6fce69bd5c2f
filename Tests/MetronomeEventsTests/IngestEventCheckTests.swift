import XCTest

@testable import MetronomeEvents
@testable import SegmentJSON

final class IngestEventCheckTests: XCTestCase {
    // 2025-01-23T00:00:00Z
    private let now: Int64 = 1_737_590_400_000
    private var check: IngestEventCheck {
        IngestEventCheck(rules: EventRules(nowMilliseconds: now, maximumAgeMilliseconds: 34 * 86_400_000))
    }

    private func run(_ line: String) throws -> Result<String, EventRejection> {
        try EventTestSupport.withDocument(line) { document in
            check.check(document.bytes, document.root).map {
                String(decoding: IngestEventCheck.transactionID(document.bytes, $0), as: UTF8.self)
            }
        }
    }

    private func reason(_ line: String) throws -> String? {
        if case .failure(let rejection) = try run(line) { return rejection.reason }
        return nil
    }

    private func event(
        tid: String = #""t1""#, customer: String = #""c1""#, type: String = #""api_call""#,
        timestamp: String = #""2025-01-22T10:00:00Z""#, properties: String? = #"{"n":"1"}"#
    ) -> String {
        var text =
            #"{"transaction_id":\#(tid),"customer_id":\#(customer),"event_type":\#(type),"timestamp":\#(timestamp)"#
        if let properties { text += #","properties":\#(properties)"# }
        return text + "}"
    }

    func testAcceptsAValidEventAndReturnsItsDecodedTransactionID() throws {
        XCTAssertEqual(try run(event()), .success("t1"))
        XCTAssertEqual(try run(event(tid: #""a\u00e9b""#)), .success("aéb"))
        XCTAssertEqual(try run(event(properties: nil)), .success("t1"), "properties are optional for the API")
        XCTAssertEqual(try run(#"{"extra":1,"#.appending(event().dropFirst())), .success("t1"))
    }

    func testRefusesWhatMetronomeRefuses() throws {
        XCTAssertEqual(try reason("[1]"), "A Metronome event must be a JSON object but this is an array.")
        XCTAssertEqual(
            try reason(#"{"transaction_id":"t"}"#),
            "The event is missing the required fields 'customer_id', 'timestamp', 'event_type'.")
        XCTAssertEqual(try reason(event(customer: "7")), "Customer_id must be a string but it was a number.")
        XCTAssertEqual(try reason(event(properties: "[]")), "Properties must be an object but it was an array.")
        XCTAssertEqual(
            try reason(event(type: #""""#)), "Event_type is empty; Metronome requires at least one character.")
        let long = String(repeating: "é", count: 129)
        XCTAssertEqual(
            try reason(event(tid: "\"\(long)\"")),
            "Transaction_id is 129 characters long; Metronome accepts at most 128.")
        XCTAssertEqual(try run(event(tid: "\"\(String(repeating: "é", count: 128))\"")).map(\.count), .success(128))
        XCTAssertEqual(
            try reason(event(timestamp: #""2025-01-22 10:00:00""#)),
            "Timestamp \"2025-01-22 10:00:00\" is not an RFC 3339 time with a four-digit year (e.g. 2025-01-23T01:23:45Z)."
        )
        XCTAssertEqual(
            try reason(event(timestamp: #""2025-01-24T00:00:00.001Z""#)),
            "Timestamp 2025-01-24T00:00:00.001Z is more than 24 hours after the reference time 2025-01-23T00:00:00.000Z; Metronome rejects it."
        )
        XCTAssertEqual(try run(event(timestamp: #""2025-01-24T00:00:00Z""#)), .success("t1"), "exactly 24 h is allowed")
        XCTAssertEqual(
            try reason(event(timestamp: #""2024-12-19T23:59:59.999Z""#)),
            "Timestamp 2024-12-19T23:59:59.999Z is older than the backdating window allows (oldest accepted: 2024-12-20T00:00:00.000Z)."
        )
        XCTAssertEqual(
            try run(event(timestamp: #""2024-12-20T00:00:00Z""#)), .success("t1"), "exactly 34 days is allowed")
    }

    func testTheLastDuplicateKeyWinsAsWithJSONParse() throws {
        XCTAssertEqual(try run(#"{"customer_id":7,"#.appending(event().dropFirst())), .success("t1"))
        XCTAssertNotNil(try reason(event().dropLast().appending(#","customer_id":7}"#)))
    }
}
