import MetronomeEvents
import SegmentJSON
import XCTest

@testable import MetronomeMock

final class IngestBatchCheckTests: XCTestCase {
    private let check = IngestBatchCheck(
        rules: EventRules(nowMilliseconds: testNow, maximumAgeMilliseconds: 34 * 86_400_000))

    private func run(_ body: String) -> Result<[String], IngestBatchCheck.Rejection> {
        JSONBytes.with(Array(body.utf8)) { bytes in
            check.check(bytes).map { events in
                events.map { "\($0.transactionID)=" + String(decoding: bytes.copyBytes($0.span.range), as: UTF8.self) }
            }
        }
    }

    func testValidEventsComeBackWithTheirDecodedIDsAndSpans() throws {
        let body = "[ " + event(#"a\u0062c"#) + " ,\n" + event("d") + "\n]"
        XCTAssertEqual(try run(body).get(), [#"abc="# + event(#"a\u0062c"#), "d=" + event("d")])
    }

    func testMessagesNameEachBadEventAndStopAfterTen() {
        var events = (0..<30).map { event("e\($0)") }
        for index in stride(from: 0, to: 30, by: 2) { events[index] = event("e\(index)", type: "") }
        guard case .failure(let rejection) = run("[" + events.joined(separator: ",") + "]") else {
            return XCTFail("accepted")
        }
        XCTAssertEqual(rejection.events, 30)
        XCTAssertTrue(rejection.message.hasPrefix("[/0: Event_type is empty"), rejection.message)
        XCTAssertTrue(rejection.message.contains("; /18: Event_type is empty"), rejection.message)
        XCTAssertFalse(rejection.message.contains("/20:"), rejection.message)
        XCTAssertTrue(rejection.message.hasSuffix("; and 5 more]"), rejection.message)
    }

    func testDuplicateIDsCompareDecoded() {
        guard case .failure(let rejection) = run("[" + event("x/y") + "," + event(#"x\/y"#) + "]") else {
            return XCTFail("accepted")
        }
        XCTAssertEqual(
            rejection.message,
            #"[/1: transaction_id "x/y" already appears at /0 in this request (the stand-in refuses duplicate transaction_ids within one request)]"#
        )
    }

    func testRootTypesAndSyntax() {
        XCTAssertEqual(
            try? run("null").get(), nil)
        if case .failure(let rejection) = run(" \"s\" ") {
            XCTAssertEqual(
                rejection.message,
                #"[instance type (string) does not match any allowed primitive type (allowed: ["array"])]"#)
        } else {
            XCTFail("accepted a string")
        }
        if case .failure(let rejection) = run("[1,]") {
            XCTAssertTrue(
                rejection.message.hasPrefix("[the request body is not valid JSON: invalid JSON at column 4"),
                rejection.message)
        } else {
            XCTFail("accepted [1,]")
        }
        if case .failure(let rejection) = run(" \n ") {
            XCTAssertEqual(rejection.message, "[the request body is empty; expected a JSON array of events]")
        } else {
            XCTFail("accepted whitespace")
        }
    }
}
