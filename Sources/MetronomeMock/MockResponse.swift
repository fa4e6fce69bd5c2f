import SegmentJSON

/// One answer of the stand-in: status, JSON body and any extra headers.
struct MockResponse: Sendable, Equatable {
    var status: Int
    var body: [UInt8]
    var headers: [(name: String, value: String)] = []

    static func == (lhs: MockResponse, rhs: MockResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }

    /// 200 with `{}`, Metronome's answer to an accepted batch.
    static let accepted = MockResponse(status: 200, body: Array("{}".utf8))

    /// `status` with `{"message": text}`, the shape of Metronome's errors.
    static func message(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> MockResponse {
        var body = Array(#"{"message":"#.utf8)
        JSONOutput.appendEscaped(text, to: &body)
        body.append(UInt8(ascii: "}"))
        return MockResponse(status: status, body: body, headers: headers)
    }
}
