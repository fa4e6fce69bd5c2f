import Foundation
import XCTest

/// Runs the built `segment-metronome` binary as a user would: exit codes, help, version, stdout mode.
final class SegmentMetronomeCLITests: XCTestCase {
    let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], stdin: Data? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "segment-metronome-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testVersionAndHelp() throws {
        let version = try run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("0."), version.stdout)
        let help = try run(["convert", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("Examples:"), help.stdout)
        XCTAssertTrue(try run(["--help"]).stdout.contains("Exit codes:"))
    }

    func testConvertSampleExitsZeroAndPrintsASummary() throws {
        let work = try temporary()
        let outcome = try run([
            "convert", root + "/testdata/segment-logs", "--out", work + "/out", "--now", "2024-06-01T00:00:00Z",
        ])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("149 Metronome events written"), outcome.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work + "/out.rejects.ndjson"))
    }

    func testCorruptInputExitsOne() throws {
        let work = try temporary()
        let outcome = try run(["convert", root + "/testdata/bad/truncated.gz", "--out", work + "/out", "--quiet"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("truncated"), outcome.stderr)
    }

    func testUsageAndConfigurationErrorsExitTwo() throws {
        let work = try temporary()
        XCTAssertEqual(try run(["convert", root + "/testdata/segment-logs"]).status, 2)  // --out missing
        XCTAssertEqual(
            try run(["convert", "--out", work, "--threads", "0", root + "/testdata/segment-logs"]).status, 2)
        XCTAssertEqual(
            try run(["convert", "--out", work, "--max-age", "soon", root + "/testdata/segment-logs"]).status, 2)
        XCTAssertEqual(try run(["convert", "--out", work + "/o", work + "/does-not-exist"]).status, 2)
        try "{\"mappings\": [{\"subscribe\": \"typo\", \"mapping\": {}}]}".write(
            toFile: work + "/bad-mapping.json", atomically: true, encoding: .utf8)
        let badMapping = try run([
            "convert", "--out", work + "/o", "--mapping", work + "/bad-mapping.json", root + "/testdata/segment-logs",
        ])
        XCTAssertEqual(badMapping.status, 2)
        XCTAssertTrue(badMapping.stderr.contains("mappings[0].subscribe"), badMapping.stderr)
        XCTAssertTrue(badMapping.stderr.contains("column 1"), badMapping.stderr)
    }

    func testStandardInputToStandardOutput() throws {
        let work = try temporary()
        let line =
            "{\"type\":\"track\",\"event\":\"E\",\"messageId\":\"m\",\"timestamp\":\"2024-05-30T00:00:00Z\",\"context\":{\"groupId\":\"g\"},\"properties\":{\"a\":1}}\n"
        let outcome = try run(
            [
                "convert", "-", "--out", "-", "--quiet", "--rejects", work + "/r.ndjson", "--now",
                "2024-06-01T00:00:00Z",
            ],
            stdin: Data(line.utf8))
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(
            outcome.stdout,
            "{\"transaction_id\":\"m\",\"customer_id\":\"g\",\"timestamp\":\"2024-05-30T00:00:00.000Z\",\"event_type\":\"E\",\"properties\":{\"a\":1}}\n"
        )
    }

    func testGenerateIsDeterministic() throws {
        let work = try temporary()
        XCTAssertEqual(
            try run(["generate", "--out", work + "/a", "--events", "500", "--files", "2", "--seed", "9"]).status, 0)
        XCTAssertEqual(
            try run(["generate", "--out", work + "/b", "--events", "500", "--files", "2", "--seed", "9"]).status, 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: work + "/a").filter { $0.hasSuffix(".gz") }
            .sorted()
        XCTAssertEqual(files.count, 2)
        XCTAssertTrue(files.allSatisfy { $0.hasPrefix("segment-logs/") })
        for file in files {
            XCTAssertEqual(
                FileManager.default.contents(atPath: work + "/a/" + file),
                FileManager.default.contents(atPath: work + "/b/" + file))
        }
    }
}

/// `check` against golden output in testdata/check/ (run from the package root so paths match).
final class CheckCommandCLITests: XCTestCase {
    let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func expected(_ name: String) throws -> String {
        try String(contentsOfFile: root + "/testdata/check/" + name, encoding: .utf8)
    }

    func testCheckShowsWhatEachMappingDoesToEachEvent() throws {
        let arguments = [
            "check", "--mapping", "testdata/check/mappings.json", "testdata/check/sample.ndjson", "--now",
            "2024-06-01T00:00:00Z",
        ]
        let (status, text) = try run(arguments)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(text, try expected("expected.txt"))
        let (jsonStatus, json) = try run(arguments + ["--json"])
        XCTAssertEqual(jsonStatus, 0)
        XCTAssertEqual(json, try expected("expected.jsonl"))
    }

    func testCheckReportsEveryProblemWithItsPlaceAndExitsTwo() throws {
        let (status, text) = try run(["check", "--mapping", "testdata/check/bad-mappings.json"])
        XCTAssertEqual(status, 2)
        XCTAssertEqual(text, try expected("expected-bad.txt"))
    }
}
