import Foundation
import MetronomeEvents
import SegmentArchive
import XCTest

@testable import ConversionPipeline

/// Where `OutputRouter` writes an input's events: output names, and input names that could escape
/// `--out` (`..`, `.`, empty components, absolute names, links inside the output tree).
final class OutputRouterTests: XCTestCase {
    func testOutputNamesReplaceArchiveAndJSONSuffixes() {
        XCTAssertEqual(OutputRouter.outputRelativePath("a/b.json.gz", gzip: false), "a/b.ndjson")
        XCTAssertEqual(OutputRouter.outputRelativePath("a/b.GZ", gzip: true), "a/b.ndjson.gz")
        XCTAssertEqual(OutputRouter.outputRelativePath("x.jsonl", gzip: false), "x.ndjson")
        XCTAssertEqual(OutputRouter.outputRelativePath("x", gzip: false), "x.ndjson")
    }

    func testNamesWithDotDotDotEmptyComponentsOrAnAbsolutePathAreRefused() throws {
        let root = try temporaryDirectory(self) + "/out"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for name in [
            "../x.ndjson", "a/../../x.ndjson", "a/../b.ndjson", "..", "/etc/passwd.ndjson", "/x.ndjson",
            "./x.ndjson", "a/./x.ndjson", "a//x.ndjson", "a/", "",
        ] {
            XCTAssertEqual(
                OutputRouter.unsafeOutputPath(root: root, relative: name),
                "the input name \(name) would be written outside the output directory; refusing it", name)
        }
        for name in ["x.ndjson", "a/b/c.ndjson", "..x.ndjson", "a/..b/c.ndjson", "a.../x.ndjson"] {
            XCTAssertNil(OutputRouter.unsafeOutputPath(root: root, relative: name), name)
        }
    }

    func testALinkAmongTheDirectoriesBelowTheRootIsRefusedButTheRootMayBeOne() throws {
        let work = try temporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: work + "/real/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: work + "/real/link", withDestinationPath: work + "/elsewhere")
        try FileManager.default.createSymbolicLink(atPath: work + "/root-link", withDestinationPath: work + "/real")
        XCTAssertEqual(
            OutputRouter.unsafeOutputPath(root: work + "/real", relative: "link/x.ndjson"),
            "refusing to write through the symbolic link \(work)/real/link in the output directory")
        XCTAssertNil(OutputRouter.unsafeOutputPath(root: work + "/real", relative: "sub/x.ndjson"))
        XCTAssertNil(OutputRouter.unsafeOutputPath(root: work + "/root-link", relative: "sub/x.ndjson"))
        XCTAssertNil(OutputRouter.unsafeOutputPath(root: work + "/real", relative: "link"), "a file name may be a link")
    }

    /// Inputs whose relative names would escape (discovery never makes them; a future input source
    /// might): each file fails with the reason, and nothing is written outside the output directory.
    func testTheRouterFailsAnEscapingInputAndWritesNothingOutside() throws {
        let work = try temporaryDirectory(self)
        let input = work + "/in.ndjson"
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: input))
        let names = ["../escaped.ndjson", "deep/../../escaped2.ndjson", work + "/absolute.ndjson", "fine.ndjson"]
        let files = names.map { ArchiveFile(path: input, relativePath: $0) }
        let options = ConversionOptions(
            inputs: [input], destination: .directory(work + "/out"), rules: EventRules(nowMilliseconds: goldenNow),
            threads: 1, rejectsPath: work + "/rejects.ndjson")
        let router = try OutputRouter(
            options: options, files: files, rejects: try StreamSink.file(work + "/rejects.ndjson"))
        var report = RunReport()
        for index in files.indices {
            router.start(index)
            router.finish(index, result: ArchiveReadResult(), report: &report)
        }
        router.waitForCommits(report: &report)
        XCTAssertEqual(report.filesFailed, 3)
        let messages = report.failures.map(\.1.message)
        for name in names.dropLast() {
            XCTAssertTrue(
                messages.contains(
                    "cannot write the output: the input name \(OutputRouter.outputRelativePath(name, gzip: false)) would be written outside the output directory; refusing it"
                ), "\(name): \(messages)")
        }
        XCTAssertEqual(
            Set(try FileManager.default.subpathsOfDirectory(atPath: work)),
            ["in.ndjson", "rejects.ndjson", "out", "out/fine.ndjson"])
    }
}
