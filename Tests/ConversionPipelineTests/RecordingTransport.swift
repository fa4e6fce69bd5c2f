import Foundation
import MetronomeIngest
import SegmentJSON

/// An in-memory Metronome for pipeline tests: answers with `answer` and records every request body and
/// the events of the requests it answered 200.
final class RecordingTransport: IngestTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [[UInt8]] = []
    private var accepted: [String] = []
    private let answer: @Sendable (_ events: [String], _ request: Int) -> IngestResponse

    init(answer: @escaping @Sendable (_ events: [String], _ request: Int) -> IngestResponse = { _, _ in .ok }) {
        self.answer = answer
    }

    /// Every request's events, in request order.
    var requests: [[String]] { lock.withLock { bodies.map(Self.events) } }
    /// Events of requests answered 2xx, in answer order.
    var delivered: [String] { lock.withLock { accepted } }

    func send(_ body: [UInt8]) async -> IngestResponse {
        let events = Self.events(body)
        let index = lock.withLock {
            bodies.append(body)
            return bodies.count - 1
        }
        let response = answer(events, index)
        if case .answered(let status, _, _) = response, (200..<300).contains(status) {
            lock.withLock { accepted += events }
        }
        return response
    }

    /// The raw JSON of each element of a request body.
    static func events(_ body: [UInt8]) -> [String] {
        JSONBytes.with(body) { bytes in
            var parser = JSONLineParser()
            var document = JSONDocument()
            guard (try? parser.parse(bytes, into: &document)) != nil else { return ["<not JSON>"] }
            var out: [String] = []
            JSONNavigator.forEachElement(bytes, in: document.root) { _, span in
                out.append(String(decoding: bytes.slice(span.range), as: UTF8.self))
                return true
            }
            return out
        }
    }
}

extension IngestResponse {
    static let ok = IngestResponse.answered(status: 200, hints: .init(), message: "")
    static func status(_ code: Int, _ message: String = "") -> IngestResponse {
        .answered(status: code, hints: .init(retryAfterMilliseconds: 1), message: message)
    }
}
