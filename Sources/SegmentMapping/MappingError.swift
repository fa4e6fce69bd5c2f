/// A problem in a mapping file, with the place it was found (`mappings[2].mapping.customer_id`).
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where: a JSON path into the mapping file.
    public var place: String
    public var message: String

    public init(place: String, message: String) {
        self.place = place
        self.message = message
    }

    public var description: String { place.isEmpty ? message : "\(place): \(message)" }
}
