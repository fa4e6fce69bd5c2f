/// One complete HTTP request as the stand-in's logic sees it, independent of SwiftNIO. The body is
/// borrowed: valid only during `MockIngestService.handle`.
struct MockIngestRequest {
    var method: String
    /// The request target (path and query).
    var uri: String
    var authorization: String?
    var contentEncoding: String?
    /// The `User-Agent` header, counted in `MockMetronomeStatistics.userAgents`.
    var userAgent: String? = nil
    var body: UnsafeRawBufferPointer
}
