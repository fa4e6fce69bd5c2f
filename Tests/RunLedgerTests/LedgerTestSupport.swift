import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh temporary directory, removed at the end of the test.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "run-ledger-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// The file's `stat`, failing the test when it cannot be taken.
func fileStatus(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> stat {
    var info = stat()
    guard stat(path, &info) == 0 else {
        XCTFail("cannot stat \(path): \(String(cString: strerror(errno)))", file: file, line: line)
        throw CocoaError(.fileReadUnknown)
    }
    return info
}

/// Sets the access and modification times of `path` to exactly those of `info` (nanoseconds included).
func restoreTimes(_ path: String, from info: stat) throws {
    var times = [info.st_atim, info.st_mtim]
    guard utimensat(AT_FDCWD, path, &times, 0) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}

/// Overwrites bytes of `path` in place, from `offset`, without changing its size.
func overwrite(_ path: String, at offset: UInt64, with bytes: [UInt8]) throws {
    let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    try handle.write(contentsOf: Data(bytes))
}

/// Deterministic bytes (an LCG), so a failure reproduces.
func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
    }
}
