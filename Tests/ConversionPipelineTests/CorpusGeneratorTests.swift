import Foundation
import XCTest

@testable import ConversionPipeline
@testable import SegmentJSON

final class CorpusGeneratorTests: XCTestCase {
    func testLinesAreValidDeterministicAndVaried() throws {
        let generator = CorpusGenerator(seed: 11)
        var types: [String: Int] = [:]
        var withGroup = 0
        var tracks = 0
        var parser = JSONLineParser()
        var document = JSONDocument()
        for index in 0..<3000 {
            var line: [UInt8] = []
            generator.appendLine(index: index, to: &line)
            var again: [UInt8] = []
            CorpusGenerator(seed: 11).appendLine(index: index, to: &again)
            XCTAssertEqual(line, again)
            try JSONBytes.with(line) { bytes in
                try parser.parse(bytes, into: &document)
                XCTAssertEqual(document.root.kind, .object)
                let type = document.member("type").map { JSONStringDecoder.string(bytes, $0) } ?? "?"
                types[type, default: 0] += 1
                if type == "track" {
                    tracks += 1
                    let groupId = document.member("context").flatMap { context in
                        Array("groupId".utf8).withUnsafeBytes { JSONNavigator.member(bytes, in: context, key: $0) }
                    }
                    if groupId != nil { withGroup += 1 }
                }
            }
        }
        XCTAssertEqual(Set(types.keys), ["track", "identify", "page", "screen", "group", "alias"])
        XCTAssertGreaterThan(Double(tracks) / 3000, 0.6)
        XCTAssertEqual(Double(withGroup) / Double(tracks), 0.6, accuracy: 0.08)
    }

    func testLayoutCoversEveryLineOnceInTheS3Layout() {
        let layout = CorpusGenerator(seed: 1).layout(events: 1001, files: 4)
        XCTAssertEqual(layout.count, 4)
        XCTAssertEqual(layout.map(\.lines.count).reduce(0, +), 1001)
        XCTAssertEqual(layout.first?.lines.lowerBound, 0)
        for (previous, next) in zip(layout, layout.dropFirst()) {
            XCTAssertEqual(previous.lines.upperBound, next.lines.lowerBound)
        }
        for entry in layout {
            let parts = entry.relativePath.split(separator: "/")
            XCTAssertEqual(parts.first, "segment-logs")
            XCTAssertEqual(parts.count, 4)
            XCTAssertNotNil(Int(parts[2]))
            XCTAssertTrue(entry.relativePath.hasSuffix(".gz"))
        }
    }
}
