import XCTest

@testable import SegmentJSON

/// `JSONDocument.member(in:_:)` through `NestedMemberTables`: the same answers as an uncached scan
/// (`JSONNavigator.member`), tables forgotten between lines, and the fallback past the object limit.
final class NestedMemberTablesTests: XCTestCase {
    func lookup(_ document: JSONDocument, _ path: [String]) -> String? {
        var current = document.root
        for key in path {
            var key = key
            guard current.kind == .object,
                let next = key.withUTF8({ document.member(in: current, UnsafeRawBufferPointer($0)) })
            else { return nil }
            current = next
        }
        return text(document, current)
    }

    func testAnswersAsAnUncachedScanForEveryKeyOfANestedObject() throws {
        let line = #"{"properties":{"a":1,"b":{"c":"x"},"a":2,"":[1],"\u0062":3,"d":null},"b":0}"#
        try withParsedLine(line) { document in
            let properties = document.member("properties")!
            for key in ["a", "b", "", "d", "missing", "c"] {
                var key = key
                let cached = key.withUTF8 { document.member(in: properties, UnsafeRawBufferPointer($0)) }
                let scanned = key.withUTF8 {
                    JSONNavigator.member(document.bytes, in: properties, key: UnsafeRawBufferPointer($0))
                }
                XCTAssertEqual(cached, scanned, key)
            }
            // The last duplicate wins, including one spelled with an escape.
            XCTAssertEqual(lookup(document, ["properties", "a"]), "2")
            XCTAssertEqual(lookup(document, ["properties", "b"]), "3")
            // Asked twice (the second answer comes from the table).
            XCTAssertEqual(lookup(document, ["properties", "a"]), "2")
            XCTAssertEqual(lookup(document, ["b"]), "0")
        }
    }

    func testTablesAreForgottenWhenTheNextLineIsParsed() throws {
        // Both lines put `properties`' object at the same offset: a stale table would answer "1".
        var parser = JSONLineParser()
        var document = JSONDocument()
        var answers: [String?] = []
        for line in [#"{"properties":{"n":1}}"#, #"{"properties":{"n":2,"m":3}}"#] {
            try JSONBytes.with(Array(line.utf8)) { bytes in
                try parser.parse(bytes, into: &document)
                answers.append(lookup(document, ["properties", "n"]))
                answers.append(lookup(document, ["properties", "m"]))
            }
        }
        XCTAssertEqual(answers, ["1", nil, "2", "3"])
    }

    func testObjectsPastTheLimitAreScannedAndAnswerTheSame() throws {
        let count = NestedMemberTables.maximumObjects + 4
        let members = (0..<count).map { #""o\#($0)":{"k":\#($0),"k":\#($0 * 10)}"# }.joined(separator: ",")
        try withParsedLine("{\(members)}") { document in
            for round in 0..<2 {
                for index in 0..<count {
                    XCTAssertEqual(lookup(document, ["o\(index)", "k"]), "\(index * 10)", "round \(round)")
                }
            }
        }
    }

    func testEmptyAndDeeplyNestedObjects() throws {
        try withParsedLine(#"{"e":{},"context":{"library":{"name":"analytics.js","version":"2"}}}"#) { document in
            XCTAssertNil(lookup(document, ["e", "x"]))
            XCTAssertEqual(lookup(document, ["context", "library", "name"]), #""analytics.js""#)
            XCTAssertEqual(lookup(document, ["context", "library", "version"]), #""2""#)
        }
    }

    func testWideObjectsGrowTheStorage() throws {
        let members = (0..<500).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        try withParsedLine(#"{"a":{\#(members)},"b":{"k499":"b"}}"#) { document in
            XCTAssertEqual(lookup(document, ["a", "k0"]), "0")
            XCTAssertEqual(lookup(document, ["a", "k499"]), "499")
            XCTAssertEqual(lookup(document, ["b", "k499"]), #""b""#)
            XCTAssertEqual(lookup(document, ["a", "k250"]), "250")
        }
    }

    func testForgettingTheTablesKeepsTheAnswers() throws {
        try withParsedLine(#"{"p":{"a":1,"a":2}}"#) { document in
            XCTAssertEqual(lookup(document, ["p", "a"]), "2")
            document.forgetNestedMemberTables()
            XCTAssertEqual(lookup(document, ["p", "a"]), "2")
        }
    }
}
