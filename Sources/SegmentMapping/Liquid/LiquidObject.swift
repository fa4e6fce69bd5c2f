import SegmentJSON

/// A JSON object from the payload, with the identity JavaScript's `===` would see.
struct LiquidObject: Sendable {
    var members: JSONObject
    /// The path from the payload root; equal identities mean the same JavaScript object.
    var identity: String

    /// The value of an own key, or undefined.
    func member(_ key: String) -> LiquidValue {
        guard let value = members[key] else { return .undefined }
        return LiquidValue(value, identity: LiquidObject.childIdentity(identity, key))
    }

    /// A child identity that no other key or index can produce (`/` and `~` are escaped as in JSON Pointer).
    static func childIdentity(_ parent: String, _ key: String) -> String {
        var escaped = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return parent + "/" + escaped
    }
}
