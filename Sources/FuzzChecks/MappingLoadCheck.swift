import SegmentMapping

/// The `mapping` target's check: loading a mapping file succeeds or throws an error that describes
/// itself. O(input).
public enum MappingLoadCheck {
    public static func problem(_ bytes: [UInt8]) -> String? {
        do {
            _ = try MappingFile.load(bytes)
        } catch {
            if error.description.isEmpty { return "an error without a description" }
        }
        return nil
    }
}
