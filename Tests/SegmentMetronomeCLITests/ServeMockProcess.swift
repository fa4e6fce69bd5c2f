import Foundation
import XCTest

/// `segment-metronome serve-mock` run by a test: started on a free port, stopped with SIGTERM, and what
/// it saw read from the summary it prints at exit (`MockMetronomeStatistics.summary`).
final class ServeMockProcess {
    /// The counts of the stand-in's exit summary.
    struct Counts: Equatable {
        var requests: Int
        /// Events with a new `transaction_id` (what `--record` holds).
        var accepted: Int
        /// Events of valid requests whose `transaction_id` had been accepted before.
        var duplicatesIgnored: Int
        /// Every event the stand-in took in from valid requests, duplicates included.
        var received: Int { accepted + duplicatesIgnored }
    }

    let process: Process
    /// `http://127.0.0.1:PORT`.
    let endpoint: String
    private let errors: Pipe
    private var seen: String
    private(set) var counts: Counts?
    /// Everything the stand-in printed: its banner and, once stopped, its exit summary.
    var summary: String { seen }

    /// Starts the binary with `serve-mock --port 0` and `arguments`; throws when it does not start.
    init(
        binary: URL, arguments: [String], directory: String, environment: [String: String] = [:],
        test: XCTestCase
    ) throws {
        process = Process()
        process.executableURL = binary
        process.arguments = ["serve-mock", "--port", "0"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        // The stand-in takes its token from --token; one from the environment would hide a test's.
        var inherited = ProcessInfo.processInfo.environment
        inherited["METRONOME_BEARER_TOKEN"] = nil
        process.environment = inherited.merging(environment) { $1 }
        errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        var data = Data()
        while !String(decoding: data, as: UTF8.self).contains("\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        seen = String(decoding: data, as: UTF8.self)
        guard let range = seen.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else {
            process.terminate()
            process.waitUntilExit()
            throw ServeMockFailure(description: "serve-mock did not start: \(seen)")
        }
        endpoint = String(seen[range])
        let process = process
        test.addTeardownBlock {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
    }

    /// The built binary's stand-in with `arguments`, run in the temporary directory.
    convenience init(_ arguments: [String], test: XCTestCase) throws {
        try self.init(
            binary: Bundle.main.bundleURL.appendingPathComponent("segment-metronome"), arguments: arguments,
            directory: NSTemporaryDirectory(), test: test)
    }

    /// Stops the stand-in (SIGTERM) and returns its exit summary's counts.
    @discardableResult
    func stop() throws -> Counts {
        if let counts { return counts }
        process.terminate()
        seen += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let pattern =
            #"([0-9]+) requests? \(answers: [^)]*\); ([0-9]+) events? accepted, ([0-9]+) duplicates? ignored"#
        guard let range = seen.range(of: pattern, options: .regularExpression) else {
            throw ServeMockFailure(description: "no summary: \(seen)")
        }
        let numbers = seen[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let counts = Counts(
            requests: numbers[0], accepted: numbers[numbers.count - 2], duplicatesIgnored: numbers[numbers.count - 1])
        self.counts = counts
        return counts
    }

    struct ServeMockFailure: Error, CustomStringConvertible {
        var description: String
    }
}
