/// What the connection handler does with a request once the stand-in's logic has decided.
enum MockAction {
    /// Answer with `response`, after `delaySeconds` (0 = at once).
    case respond(MockResponse, delaySeconds: Double)
    /// Close the connection without answering.
    case drop
}
