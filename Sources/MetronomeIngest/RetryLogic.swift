/// Decides what a response means, as Metronome's official SDKs do (SEMANTICS 6.4 and 6.7): *what* is
/// retriable. *When* and *how often* to retry is `RetryPolicy`'s business.
public enum RetryLogic {
    /// The delivery status of a request given its response. O(1).
    public static func status(of response: IngestResponse) -> DeliveryStatus {
        switch response {
        case .timedOut:
            return .retriable(reason: "the request timed out", serverDelay: nil)
        case .connectionFailed(let reason):
            return .retriable(reason: "connection failed: \(reason)", serverDelay: nil)
        case .answered(let status, let hints, let message):
            let described = describe(status, message)
            if (200..<300).contains(status) { return .delivered }
            // Credentials are checked before anything else; a server asking for a retry cannot make a
            // refused token work, and retrying would burn through the archive.
            if status == 401 || status == 403 {
                return .fatal(reason: "Metronome refused the API token (\(described))")
            }
            if let shouldRetry = hints.shouldRetry {
                return shouldRetry
                    ? .retriable(reason: described, serverDelay: hints.delaySeconds)
                    : .rejected(reason: described, isolatable: status == 400)
            }
            switch status {
            case 408, 409, 429, 500...599:
                return .retriable(reason: described, serverDelay: hints.delaySeconds)
            case 400:
                return .rejected(reason: described, isolatable: true)
            default:
                return .rejected(reason: described, isolatable: false)
            }
        }
    }

    /// `HTTP 400: message` (the message cut to 300 characters).
    static func describe(_ status: Int, _ message: String) -> String {
        let trimmed = message.count > 300 ? String(message.prefix(300)) + "..." : message
        return trimmed.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(trimmed)"
    }
}
