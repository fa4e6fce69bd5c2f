import Foundation
import XCTest

/// The security pass as a user meets it: private files by default, token files that others can read
/// refused, output that cannot land in the input or outside `--out`.
final class SecurityTests: XCTestCase {
    let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    var sample: String { root + "/testdata/segment-logs" }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "segment-metronome-security-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    /// Every file and directory the run created under `directory`, with its mode.
    func modes(under directory: String) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: directory) {
            out[path] = try mode(directory + "/" + path)
        }
        return out
    }

    func testFilesAreOwnerOnlyByDefaultAndUmaskChangesThat() throws {
        let work = try temporary()
        let convert = [
            "convert", sample, "--out", work + "/out", "--rejects", work + "/rejects.ndjson", "--report",
            work + "/report.json", "--ledger", work + "/ledger.sqlite", "--now", "2024-06-01T00:00:00Z", "--quiet",
            "--metrics-file", work + "/convert.prom",
        ]
        XCTAssertEqual(try run(convert).status, 0)
        let created = try modes(under: work)
        XCTAssertGreaterThan(created.count, 10)
        XCTAssertNotNil(created["convert.prom"])
        for (path, mode) in created {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: work + "/" + path, isDirectory: &isDirectory)
            XCTAssertEqual(mode, isDirectory.boolValue ? 0o700 : 0o600, "\(path) is \(String(mode, radix: 8))")
        }
        let shared = try temporary()
        XCTAssertEqual(
            try run(
                [
                    "convert", sample, "--out", shared + "/out", "--rejects", shared + "/r.ndjson", "--umask", "022",
                    "--quiet",
                ]
            ).status, 0)
        XCTAssertEqual(try mode(shared + "/out"), 0o755)
        XCTAssertEqual(try mode(shared + "/r.ndjson"), 0o644)
        XCTAssertEqual(try run(["convert", sample, "--out", shared + "/x", "--umask", "99"]).status, 2)
    }

    /// Beyond `convert`'s outputs: `sync`'s ledger (and its WAL files), rejects, report and metrics
    /// file, and the stand-in's `--record`, are all owner-only by default.
    func testSyncLedgerMetricsAndStandInRecordAreOwnerOnly() throws {
        let work = try temporary()
        let token = "security-modes-token"
        let mock = try ServeMockProcess(
            binary: Bundle.main.bundleURL.appendingPathComponent("segment-metronome"),
            arguments: ["--token", token, "--record", work + "/record.ndjson", "--now", "2024-06-01T00:00:00Z"],
            directory: work, test: self)
        let sync = try run(
            [
                "sync", sample, "--endpoint", mock.endpoint, "--ledger", work + "/ledger.sqlite", "--rejects",
                work + "/rejects.ndjson", "--report", work + "/report.json", "--metrics-file", work + "/metrics.prom",
                "--now", "2024-06-01T00:00:00Z", "--quiet",
            ], environment: ["METRONOME_BEARER_TOKEN": token])
        XCTAssertEqual(sync.status, 0, sync.stderr)
        XCTAssertGreaterThan(try mock.stop().accepted, 0)
        let created = try modes(under: work)
        for name in ["ledger.sqlite", "rejects.ndjson", "report.json", "metrics.prom", "record.ndjson"] {
            XCTAssertNotNil(created[name], "\(name) was written: \(created.keys.sorted())")
        }
        for (path, mode) in created {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: work + "/" + path, isDirectory: &isDirectory)
            XCTAssertEqual(mode, isDirectory.boolValue ? 0o700 : 0o600, "\(path) is \(String(mode, radix: 8))")
        }
    }

    func testATokenFileOthersCanReadIsRefusedWithoutShowingTheToken() throws {
        let work = try temporary()
        let secret = "sk_live_security_test_0123456789"
        let file = work + "/token"
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: file))
        let sync = [
            "sync", sample, "--token-file", file, "--endpoint", "http://127.0.0.1:9", "--dry-run", "--no-ledger",
        ]
        for permissions in [0o644, 0o640, 0o604, 0o660] {
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: file)
            let refused = try run(sync)
            XCTAssertEqual(refused.status, 2, "mode \(String(permissions, radix: 8))")
            XCTAssertTrue(refused.stderr.contains("chmod 600 \(file)"), refused.stderr)
            XCTAssertFalse((refused.stdout + refused.stderr).contains(secret))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let accepted = try run(sync)
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertFalse((accepted.stdout + accepted.stderr).contains(secret))
    }

    func testOutputInsideTheInputOrOverAnInputIsRefused() throws {
        let work = try temporary()
        let input = work + "/in"
        try FileManager.default.copyItem(atPath: sample, toPath: input)
        let cases: [([String], String)] = [
            (["--out", input + "/out"], "is inside the input"),
            (["--out", work], "is inside the output directory"),
            (["--out", work + "/out", "--rejects", input + "/rejects.ndjson"], "--rejects"),
            (
                ["--out", work + "/out", "--report", input + "/VhBYQcAjH5/1432684800000/plain-upload.ndjson"],
                "is inside the input"
            ),
            (["--out", work + "/out", "--ledger", input + "/ledger.sqlite"], "--ledger"),
        ]
        for (flags, message) in cases {
            let outcome = try run(["convert", input] + flags)
            XCTAssertEqual(outcome.status, 2, "\(flags): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(flags): \(outcome.stderr)")
        }
        let file = input + "/VhBYQcAjH5/1432684800000/plain-upload.ndjson"
        let overwrite = try run(["convert", file, "--out", work + "/out", "--rejects", file])
        XCTAssertEqual(overwrite.status, 2)
        XCTAssertTrue(
            overwrite.stderr.contains("is the input file \(file); refusing to overwrite it"), overwrite.stderr)
        // Through a symbolic link to the input, too.
        try FileManager.default.createSymbolicLink(atPath: work + "/alias", withDestinationPath: input)
        XCTAssertEqual(try run(["convert", input, "--out", work + "/alias/out"]).status, 2)
        let untouched = try String(
            contentsOfFile: input + "/VhBYQcAjH5/1432684800000/plain-upload.ndjson", encoding: .utf8)
        XCTAssertTrue(untouched.hasPrefix(#"{"type":"track""#))
    }

    func testALinkInsideTheOutputTreeIsNotFollowed() throws {
        let work = try temporary()
        let elsewhere = work + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/out", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: work + "/out/VhBYQcAjH5", withDestinationPath: elsewhere)
        let outcome = try run([
            "convert", sample, "--out", work + "/out", "--rejects", work + "/r.ndjson", "--now", "2024-06-01T00:00:00Z",
        ])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("refusing to write through the symbolic link"), outcome.stderr)
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: elsewhere), [])
        XCTAssertTrue(
            FileManager.default.fileExists(
                atPath: work + "/out/SMtcY0MF2mdTBHzUKYktCz/1708819200000/part-00000-ccef6d42.ndjson"),
            "the other files are written")
    }

    /// A TLS server with a self-signed certificate (`openssl s_server`) is refused before any request,
    /// so the token never reaches it; no flag turns verification off.
    func testASelfSignedTLSServerIsRefused() throws {
        let openssl = "/usr/bin/openssl"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: openssl), "needs openssl")
        let work = try temporary()
        func openSSL(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let make = try openSSL([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", work + "/key.pem", "-out", work + "/cert.pem",
        ])
        make.waitUntilExit()
        XCTAssertEqual(make.terminationStatus, 0)
        let port = Int.random(in: 20_000..<40_000)
        let server = try openSSL([
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", work + "/cert.pem", "-key", work + "/key.pem", "-www",
            "-quiet",
        ])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        Thread.sleep(forTimeInterval: 0.5)
        let secret = "sk_live_tls_test_token"
        try Data(
            #"{"transaction_id":"t1","customer_id":"c","event_type":"x","timestamp":"2024-05-30T12:00:00Z","properties":{}}"#
                .utf8
        ).write(to: URL(fileURLWithPath: work + "/events.ndjson"))
        let outcome = try run(
            [
                "upload", work + "/events.ndjson", "--endpoint", "https://127.0.0.1:\(port)", "--max-retries", "0",
                "--now", "2024-06-01T00:00:00Z", "--rejects", work + "/r.ndjson", "--verbose",
            ], environment: ["METRONOME_BEARER_TOKEN": secret])
        XCTAssertEqual(outcome.status, 3, outcome.stderr)
        let rejects = try String(contentsOfFile: work + "/r.ndjson", encoding: .utf8)
        XCTAssertTrue(rejects.contains("CERTIFICATE_VERIFY_FAILED"), rejects)
        XCTAssertFalse((outcome.stdout + outcome.stderr + rejects).contains(secret))
        XCTAssertFalse(try run(["upload", "--help"]).stdout.contains("insecure-tls"), "no flag disables verification")
    }

    /// The token appears in no output of any kind: stdout, stderr (`--verbose`, text and JSON logs),
    /// the report, rejects, metrics, the ledger and its WAL, whether Metronome accepts or refuses it,
    /// from the environment or a token file.
    func testTheTokenAppearsInNoOutputAnywhere() throws {
        let work = try temporary()
        let secret = "sk_live_leak_check_9f8e7d6c5b4a"
        let mock = Process()
        mock.executableURL = Bundle.main.bundleURL.appendingPathComponent("segment-metronome")
        mock.arguments = [
            "serve-mock", "--port", "0", "--token", secret, "--record", work + "/mock-record.ndjson", "--now",
            "2024-06-01T00:00:00Z", "--max-age", "3650d", "--fail-rate", "0.3", "--retry-after", "0.01",
        ]
        let banner = Pipe()
        mock.standardError = banner
        try mock.run()
        defer {
            mock.terminate()
            mock.waitUntilExit()
        }
        var text = ""
        while !text.contains("\n") {
            let chunk = banner.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let endpoint = try XCTUnwrap(
            text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression).map { String(text[$0]) })
        let tokenFile = work + "/token"
        try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: tokenFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenFile)
        let wrongFile = work + "/wrong-token"
        try Data((secret + "-wrong\n").utf8).write(to: URL(fileURLWithPath: wrongFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrongFile)

        var printed = ""
        for (index, (credentials, environment)) in [
            ([String](), ["METRONOME_BEARER_TOKEN": secret]),
            (["--token-file", tokenFile], [:]),
            (["--token-file", wrongFile], [:]),
            ([String](), ["METRONOME_BEARER_TOKEN": secret + "-wrong"]),
        ].enumerated() {
            for format in ["text", "json"] {
                let run = "\(index)-\(format)"
                let outcome = try self.run(
                    [
                        "sync", sample, "--endpoint", endpoint, "--now", "2024-06-01T00:00:00Z", "--max-age", "3650d",
                        "--verbose", "--log-format", format, "--report", work + "/report-\(run).json", "--rejects",
                        work + "/rejects-\(run).ndjson", "--ledger", work + "/ledger-\(run).sqlite", "--metrics-file",
                        work + "/metrics-\(run).prom", "--max-retries", "2",
                    ] + credentials, environment: environment)
                XCTAssertTrue(
                    [0, 3, 4].contains(outcome.status), "\(run): \(outcome.status) \(outcome.stderr.suffix(500))")
                printed += outcome.stdout + outcome.stderr
            }
        }
        XCTAssertTrue(printed.contains("refused the API token"), "the wrong token was tried")
        XCTAssertFalse(printed.contains(secret), "the token was printed")
        let files = try FileManager.default.subpathsOfDirectory(atPath: work).filter {
            !$0.hasPrefix("token") && !$0.hasPrefix("wrong-token") && !$0.hasPrefix("mock-record")
        }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            guard let data = FileManager.default.contents(atPath: work + "/" + file) else { continue }
            XCTAssertNil(data.range(of: Data(secret.utf8)), "the token is in \(file)")
        }
    }
}
