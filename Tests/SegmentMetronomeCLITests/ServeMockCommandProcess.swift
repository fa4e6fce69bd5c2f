import Foundation
import XCTest

/// `segment-metronome serve-mock --port 0` run by a test as a user runs it (its exit summary kept as text;
/// `ServeMockProcess` parses the counts instead): started with the given
/// options, its address read from the banner, stopped with SIGTERM (always, at the latest at teardown).
final class ServeMockCommandProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    private let errors = Pipe()

    init(_ arguments: [String], test: XCTestCase) throws {
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
        process.arguments = ["serve-mock", "--port", "0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["METRONOME_BEARER_TOKEN"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let started = process
        test.addTeardownBlock {
            if started.isRunning {
                started.terminate()
                started.waitUntilExit()
            }
        }
        var banner = ""
        while !banner.contains("\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = banner.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            throw ServeMockFailure(message: "serve-mock did not start: \(banner)")
        }
        baseURL = String(banner[range])
    }

    /// Stops the stand-in and returns its closing summary (`serve-mock: stopped; N requests (answers: ...`).
    func stop() -> String {
        process.terminate()
        let rest = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return rest
    }

    /// The number of requests a summary reports.
    static func requests(_ summary: String) -> Int? {
        guard let range = summary.range(of: #"stopped; [0-9]+ request"#, options: .regularExpression) else {
            return nil
        }
        return Int(summary[range].dropFirst("stopped; ".count).prefix { $0.isNumber })
    }

    struct ServeMockFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
