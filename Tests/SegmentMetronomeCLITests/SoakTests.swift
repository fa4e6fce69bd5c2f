import Foundation
import XCTest

/// A soak: `sync` for a while against a faulty stand-in, watching memory and file descriptors.
///
/// Short by default (CI: about 15 s over 60,000 events); `SEGMENT_METRONOME_SOAK_SECONDS=600
/// SEGMENT_METRONOME_SOAK_EVENTS=5000000 swift test --filter SoakTests` is the 10-minute, 5M-event run.
final class SoakTests: XCTestCase {
    let binary = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
    let now = "2024-06-15T00:00:00Z"
    let token = "soak-test-token"
    let mapping: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/testdata/mappings/customer-from-userid.json"
    }()

    func command(_ arguments: [String], directory: String) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(["METRONOME_BEARER_TOKEN": token]) { $1 }
        return process
    }

    @discardableResult
    func run(_ arguments: [String], directory: String) throws -> (Int32, String) {
        let process = command(arguments, directory: directory)
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Resident memory (kB) and open descriptors of a running process, from /proc.
    func sample(_ pid: Int32) -> (rssKB: Int, descriptors: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? ""),
            let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        else { return nil }
        return (kilobytes, descriptors.count)
    }

    func testSyncUnderFaultsLosesNothingAndStaysFlat() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = Double(environment["SEGMENT_METRONOME_SOAK_SECONDS"] ?? "") ?? 15
        let events = Int(environment["SEGMENT_METRONOME_SOAK_EVENTS"] ?? "") ?? 60_000
        let work = NSTemporaryDirectory() + "segment-metronome-soak-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: work) }

        XCTAssertEqual(
            try run(
                ["generate", "--out", work + "/corpus", "--events", String(events), "--files", "16", "--seed", "11"],
                directory: work
            ).0, 0)
        let converted = try run(
            [
                "convert", work + "/corpus", "--out", work + "/expected", "--now", now, "--max-age", "3650d",
                "--mapping", mapping, "--quiet",
            ], directory: work)
        XCTAssertEqual(converted.0, 0, converted.1)
        var expected = Set<String>()
        for file in try FileManager.default.subpathsOfDirectory(atPath: work + "/expected")
        where file.hasSuffix(".ndjson") {
            for line in try String(contentsOfFile: work + "/expected/" + file, encoding: .utf8).split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                expected.insert(object["transaction_id"] as! String)
            }
        }

        // 10% 5xx, 5% 429, 2% dropped connections, 5% slow answers.
        let mock = command(
            [
                "serve-mock", "--port", "0", "--token", token, "--record", work + "/record.ndjson", "--now", now,
                "--max-age", "3650d", "--fail-rate", "0.1", "--throttle-rate", "0.05", "--retry-after", "0.05",
                "--drop-rate", "0.02", "--slow-rate", "0.05", "--slow-delay", "0.3", "--seed", "3",
            ], directory: work)
        let mockErrors = Pipe()
        mock.standardError = mockErrors
        try mock.run()
        defer {
            if mock.isRunning {
                mock.terminate()
                mock.waitUntilExit()
            }
        }
        var banner = ""
        while !banner.contains("\n") {
            let chunk = mockErrors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let endpoint = try XCTUnwrap(
            banner.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { String(banner[$0]) },
            banner)

        // Paced so that the run lasts about `seconds`.
        let sync = command(
            [
                "sync", work + "/corpus", "--endpoint", endpoint, "--ledger", work + "/ledger.sqlite", "--now", now,
                "--max-age", "3650d", "--mapping", mapping, "--rejects", work + "/rejects.ndjson", "--quiet",
                "--rate-limit", String(Int(Double(expected.count) / seconds)),
            ], directory: work)
        let syncErrors = Pipe()
        sync.standardOutput = FileHandle.nullDevice
        sync.standardError = syncErrors
        try sync.run()
        var samples: [(time: Double, rssKB: Int, descriptors: Int)] = []
        let started = Date()
        while sync.isRunning {
            if let sample = sample(sync.processIdentifier) {
                samples.append((Date().timeIntervalSince(started), sample.rssKB, sample.descriptors))
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        let stderr = String(decoding: syncErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sync.waitUntilExit()
        XCTAssertEqual(sync.terminationStatus, 0, stderr)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(elapsed, seconds * 0.5, "the run was paced over the soak's duration")

        // Nothing lost, nothing extra.
        let recorded = try String(contentsOfFile: work + "/record.ndjson", encoding: .utf8).split(separator: "\n").map {
            (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["transaction_id"] as! String
        }
        XCTAssertEqual(recorded.count, Set(recorded).count)
        XCTAssertEqual(Set(recorded), expected)

        // Memory flat and descriptors bounded: after the first quarter (buffers and connections warming
        // up), the peak grows by at most 25% + 10 MB, and descriptors stay within a fixed margin.
        XCTAssertGreaterThan(samples.count, 8)
        let warm = samples.filter { $0.time > elapsed / 4 }
        let firstHalf = warm.filter { $0.time <= elapsed * 5 / 8 }
        let secondHalf = warm.filter { $0.time > elapsed * 5 / 8 }
        let early = firstHalf.map(\.rssKB).max() ?? 0
        let late = secondHalf.map(\.rssKB).max() ?? 0
        XCTAssertLessThanOrEqual(late, early + early / 4 + 10_240, "RSS kB \(samples.map(\.rssKB))")
        XCTAssertLessThan(samples.map(\.rssKB).max() ?? 0, 150 * 1024)
        let descriptors = warm.map(\.descriptors)
        XCTAssertLessThanOrEqual(
            (descriptors.max() ?? 0) - (descriptors.min() ?? 0), 16, "descriptors \(samples.map(\.descriptors))")

        // The ledger agrees with the stand-in.
        let status = command(["status", "--ledger", work + "/ledger.sqlite", "--json"], directory: work)
        let out = Pipe()
        status.standardOutput = out
        try status.run()
        let json =
            try JSONSerialization.jsonObject(with: out.fileHandleForReading.readDataToEndOfFile()) as! [String: Any]
        status.waitUntilExit()
        XCTAssertEqual((json["files"] as! [String: Int])["done"], 16)
        XCTAssertEqual((json["events"] as! [String: Int])["delivered"], expected.count)
        XCTAssertEqual((json["events"] as! [String: Int])["not_delivered"], 0)
        mock.terminate()
        mock.waitUntilExit()
        let mockSummary = String(decoding: mockErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        print(mockSummary)
        for fault in ["500 x ", "429 x "] { XCTAssertTrue(mockSummary.contains(fault), "faults fired: \(mockSummary)") }
        XCTAssertFalse(mockSummary.contains(" 0 connections dropped"), mockSummary)
        print(
            "soak: \(expected.count) events in \(String(format: "%.1f", elapsed)) s, peak RSS \(samples.map(\.rssKB).max() ?? 0) kB, descriptors \(descriptors.min() ?? 0)...\(descriptors.max() ?? 0)"
        )
    }
}
