import Foundation

extension IngestResponse.ServerHints {
    /// Reads the retry headers from `(name, value)` pairs (names case-insensitive). `now` turns an
    /// HTTP-date `Retry-After` into a delay. Unparseable values are ignored, as the SDKs do.
    public init(headers: [(name: String, value: String)], now: Date = Date()) {
        self.init()
        for (name, value) in headers {
            let value = value.trimmingCharacters(in: .whitespaces)
            switch name.lowercased() {
            case "x-should-retry":
                if value == "true" { shouldRetry = true } else if value == "false" { shouldRetry = false }
            case "retry-after-ms":
                if let number = Double(value), number.isFinite { retryAfterMilliseconds = number }
            case "retry-after":
                if let seconds = Double(value), seconds.isFinite {
                    retryAfter = seconds
                } else if let date = Self.httpDate(value) {
                    retryAfter = date.timeIntervalSince(now)
                }
            default: break
            }
        }
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form servers send.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
