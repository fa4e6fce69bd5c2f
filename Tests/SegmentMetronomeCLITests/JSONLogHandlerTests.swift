import Foundation
import Logging
import XCTest

@testable import segment_metronome

/// The `--log-format json` lines and the logger set-up, tested in-process.
final class JSONLogHandlerTests: XCTestCase {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk \"full\"" }
    }

    let noon = Date(timeIntervalSince1970: 1_717_243_200.123)

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testLineGolden() {
        let line = JSONLogHandler.line(
            time: noon, level: .warning, label: "segment-metronome", message: "cannot read a/b.gz",
            metadata: ["file": "a/b.gz", "batch": .stringConvertible(7), "ids": ["x", "y"]])
        XCTAssertEqual(
            text(line),
            #"{"time":"2024-06-01T12:00:00.123Z","level":"warning","label":"segment-metronome","message":"cannot read a/b.gz","batch":"7","file":"a/b.gz","ids":"[\"x\", \"y\"]"}"#
                + "\n")
    }

    func testLineEscapesAsJSONAndIsOneLine() throws {
        let message = "quote \" backslash \\ newline \n tab \t bell \u{07} é 🙂"
        let line = JSONLogHandler.line(
            time: noon, level: .error, label: "l\"abel", message: message, metadata: ["k\ney": "v\u{01}"])
        XCTAssertEqual(line.filter { $0 == 0x0A }.count, 1)
        XCTAssertEqual(line.last, 0x0A)
        XCTAssertTrue(text(line).contains(#""message":"quote \" backslash \\ newline \n tab \t bell \u0007 é 🙂""#))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
        XCTAssertEqual(object["message"], message)
        XCTAssertEqual(object["label"], "l\"abel")
        XCTAssertEqual(object["k\ney"], "v\u{01}")
    }

    func testMetadataNeverReplacesAFixedField() throws {
        let line = JSONLogHandler.line(
            time: noon, level: .info, label: "x", message: "m", metadata: ["message": "other", "time": "t"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
        XCTAssertEqual(object["message"], "m")
        XCTAssertEqual(object["metadata.message"], "other")
        XCTAssertEqual(object["metadata.time"], "t")
        XCTAssertEqual(object.count, 6)
    }

    func testTimestampIsRFC3339MillisecondsUTC() {
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: -0.001)), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(
            JSONLogHandler.timestamp(Date(timeIntervalSince1970: 951_782_400.9999)), "2000-02-29T00:00:00.999Z")
        XCTAssertEqual(JSONLogHandler.timestamp(Date(timeIntervalSince1970: 4_107_542_399)), "2100-02-28T23:59:59.000Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            // Whole milliseconds, so that the formatter's rounding and ours cannot differ.
            let milliseconds = Int64.random(in: 0..<8_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            XCTAssertEqual(JSONLogHandler.timestamp(date), formatter.string(from: date), "\(milliseconds)")
        }
    }

    func testHandlerMergesMetadataAndAddsTheError() throws {
        let lines = LogLines()
        var logger = Logger(label: "segment-metronome") { label in
            JSONLogHandler(
                label: label, metadataProvider: Logger.MetadataProvider { ["run": "provided", "shard": "3/8"] },
                output: lines.append)
        }
        logger.logLevel = .warning
        logger[metadataKey: "run"] = "handler"
        logger[metadataKey: "command"] = "sync"
        logger.info("below the level")
        logger.warning("retrying", error: Failure(), metadata: ["shard": "call"])
        XCTAssertEqual(lines.all.count, 1)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: String])
        XCTAssertEqual(object["level"], "warning")
        XCTAssertEqual(object["label"], "segment-metronome")
        XCTAssertEqual(object["message"], "retrying")
        XCTAssertEqual(object["command"], "sync")
        XCTAssertEqual(object["run"], "provided")
        XCTAssertEqual(object["shard"], "call")
        XCTAssertEqual(object["error.message"], "disk \"full\"")
        XCTAssertEqual(object["error.type"].map { $0.hasSuffix("Failure") }, true)
    }

    func testForCommandPicksTheHandlerAndLevel() {
        XCTAssertTrue(Logger.forCommand(quiet: false, verbose: false).handler is StreamLogHandler)
        let json = Logger.forCommand(quiet: true, verbose: false, format: .json)
        XCTAssertTrue(json.handler is JSONLogHandler)
        XCTAssertEqual(json.logLevel, .error)
        XCTAssertEqual(Logger.forCommand(quiet: false, verbose: true, format: .json).logLevel, .debug)
    }
}
