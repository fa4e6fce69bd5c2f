import Foundation
import XCTest

@testable import SegmentArchive

/// A fresh temporary directory, removed at the end of the test.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "segment-archive-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// Writes `bytes` to `path`, creating intermediate directories.
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    let directory = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// One gzip member of `data`, compressed with `GzipCompressor`, fed in pieces of `pieceSize` bytes.
func gzipMember(_ data: [UInt8], level: Int32 = 6, pieceSize: Int? = nil) -> [UInt8] {
    let compressor = GzipCompressor(level: level)
    var out: [UInt8] = []
    data.withUnsafeBytes { all in
        let step = max(pieceSize ?? all.count, 1)
        var start = 0
        repeat {
            let end = min(start + step, all.count)
            compressor.compress(UnsafeRawBufferPointer(rebasing: all[start..<end]), finish: end == all.count) {
                out.append(contentsOf: $0)
            }
            start = end
        } while start < all.count
    }
    return out
}

/// `count` NDJSON lines, deterministic and poorly compressible, each ending with `\n`.
func sampleLines(_ count: Int, seed: UInt64 = 1) -> [[UInt8]] {
    var state = seed
    var lines: [[UInt8]] = []
    for index in 0..<count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let noise = String(state >> 11, radix: 36)
        let padding = String(repeating: "x", count: Int(state >> 58))
        lines.append(Array("{\"n\":\(index),\"r\":\"\(noise)\(padding)\"}\n".utf8))
    }
    return lines
}

/// What `ArchiveReader.read` emitted for one file.
struct ReadOutcome {
    var result: ArchiveReadResult
    var items: [ArchiveItem]

    /// The bytes of all emitted line chunks, in order.
    var data: [UInt8] {
        items.reduce(into: []) { bytes, item in
            if case .lines(let chunk) = item { bytes.append(contentsOf: chunk.buffer.bytes) }
        }
    }

    /// The complete lines emitted, each with its `\n` when it had one.
    var lines: [[UInt8]] { splitLines(data) }

    var damagedTails: [(prefix: [UInt8], length: Int)] {
        items.compactMap { item in
            if case .damagedTail(let prefix, let length) = item { return (prefix, length) }
            return nil
        }
    }

    var overlongLines: [(prefix: [UInt8], length: Int)] {
        items.compactMap { item in
            if case .overlongLine(let prefix, let length) = item { return (prefix, length) }
            return nil
        }
    }
}

/// Splits bytes after each `\n` (the last piece may lack one).
func splitLines(_ data: [UInt8]) -> [[UInt8]] {
    var lines: [[UInt8]] = []
    var start = 0
    for (index, byte) in data.enumerated() where byte == 0x0A {
        lines.append(Array(data[start...index]))
        start = index + 1
    }
    if start < data.count { lines.append(Array(data[start...])) }
    return lines
}

func readArchive(_ path: String, reader: ArchiveReader = ArchiveReader()) -> ReadOutcome {
    var items: [ArchiveItem] = []
    let result = reader.read(ArchiveFile(path: path, relativePath: (path as NSString).lastPathComponent)) {
        items.append($0)
    }
    return ReadOutcome(result: result, items: items)
}
