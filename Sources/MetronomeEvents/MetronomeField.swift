/// The five fields of a Metronome usage event, in the destination's schema order.
public enum MetronomeField: Int, CaseIterable, Sendable {
    case transactionID
    case customerID
    case timestamp
    case eventType
    case properties

    /// The JSON key.
    public var key: String {
        switch self {
        case .transactionID: return "transaction_id"
        case .customerID: return "customer_id"
        case .timestamp: return "timestamp"
        case .eventType: return "event_type"
        case .properties: return "properties"
        }
    }

    /// The key capitalised as upstream's messages write it (`Customer_id must be a string ...`).
    public var label: String { key.prefix(1).uppercased() + key.dropFirst() }

    public init?(key: String) {
        guard let field = MetronomeField.allCases.first(where: { $0.key == key }) else { return nil }
        self = field
    }
}
