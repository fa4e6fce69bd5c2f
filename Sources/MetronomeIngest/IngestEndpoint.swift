import Foundation

/// Where events go: the base URL of Metronome's API, checked for a safe scheme.
///
/// Resolution order, as Metronome's SDKs do: `--endpoint`, else `METRONOME_BASE_URL`, else
/// `https://api.metronome.com`. Plain `http://` is refused unless the host is loopback (`localhost`,
/// `127.0.0.0/8`, `::1`) or insecure HTTP is allowed explicitly: the token travels in a header.
public struct IngestEndpoint: Sendable, Equatable {
    public static let defaultBaseURL = "https://api.metronome.com"

    /// The base URL without a trailing slash, e.g. `https://api.metronome.com`.
    public let baseURL: String

    /// `POST` target: `<base>/v1/ingest`.
    public var ingestURL: String { baseURL + "/v1/ingest" }

    /// Checks and normalises `baseURL`.
    public init(baseURL: String, allowInsecureHTTP: Bool = false) throws(IngestConfigurationError) {
        var text = baseURL.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw IngestConfigurationError("the endpoint \(baseURL) is not a URL such as https://api.metronome.com")
        }
        guard components.query == nil, components.fragment == nil else {
            throw IngestConfigurationError("the endpoint \(baseURL) must not have a query or fragment")
        }
        guard components.user == nil, components.password == nil else {
            throw IngestConfigurationError(
                "the endpoint must not carry credentials; give the token with METRONOME_BEARER_TOKEN or --token-file")
        }
        switch scheme {
        case "https": break
        case "http":
            if !allowInsecureHTTP && !Self.isLoopback(host) {
                throw IngestConfigurationError(
                    "refusing to send the API token over plain http to \(host); use https, or pass --allow-insecure-http"
                )
            }
        default:
            throw IngestConfigurationError("the endpoint \(baseURL) must start with https:// (or http:// for loopback)")
        }
        self.baseURL = text
    }

    /// The endpoint from the command line and environment, as Metronome's SDKs resolve it.
    public static func resolve(
        endpoint: String?, environment: [String: String], allowInsecureHTTP: Bool
    ) throws(IngestConfigurationError) -> IngestEndpoint {
        let chosen =
            endpoint ?? environment["METRONOME_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        return try IngestEndpoint(baseURL: chosen, allowInsecureHTTP: allowInsecureHTTP)
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// A problem with the upload settings found before anything is sent (exit code 2).
public struct IngestConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
