import Foundation

/// Collects the lines a handler writes.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        lines.append(String(decoding: bytes, as: UTF8.self))
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
