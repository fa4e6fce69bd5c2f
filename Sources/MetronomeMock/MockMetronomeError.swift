/// Why a `MockMetronomeServer` could not start.
public enum MockMetronomeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value is out of range; the message names it.
    case invalidConfiguration(String)
    /// The record file could not be opened or read back.
    case recordFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return message
        case .recordFile(let path, let reason): return "record file \(path): \(reason)"
        }
    }
}
