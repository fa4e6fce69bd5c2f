import Foundation
import Logging
import XCTest

@testable import ConversionPipeline
@testable import MetronomeEvents

/// The package root, found from this file's path (Tests/ConversionPipelineTests/TestSupport.swift).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A fresh temporary directory, removed at the end of the test.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "segment-metronome-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// 2024-06-01T00:00:00Z, the reference time of the golden files.
let goldenNow: Int64 = 1_717_200_000_000

/// Runs a conversion quietly with the given inputs into `work/out`.
func convert(
    _ inputs: [String], work: String, threads: Int = 2, configure: (inout ConversionOptions) -> Void = { _ in }
) throws -> RunReport {
    var options = ConversionOptions(
        inputs: inputs, destination: .directory(work + "/out"), rules: EventRules(nowMilliseconds: goldenNow),
        threads: threads, rejectsPath: work + "/rejects.ndjson")
    options.reportPath = work + "/report.json"
    options.showProgress = false
    configure(&options)
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return try Conversion(options: options, logger: logger).run()
}

func readText(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// Rejects-file lines sorted by source and line, with `root` removed from source paths.
func sortedRejects(_ path: String, removing root: String) throws -> [String] {
    try readText(path).split(separator: "\n").map { String($0).replacingOccurrences(of: root, with: "") }
        .sorted { lhs, rhs in
            let l = try! JSONSerialization.jsonObject(with: Data(lhs.utf8)) as! [String: Any]
            let r = try! JSONSerialization.jsonObject(with: Data(rhs.utf8)) as! [String: Any]
            let (ls, rs) = (l["source"] as! String, r["source"] as! String)
            return ls != rs ? ls < rs : (l["line"] as! Int) < (r["line"] as! Int)
        }
}
