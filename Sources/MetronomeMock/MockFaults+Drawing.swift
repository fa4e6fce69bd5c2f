extension MockFaults {
    /// Whether any rate is above zero (requests then take the fault lock for a draw).
    var isActive: Bool {
        dropRate > 0 || failRate > 0 || failAfterPartialRate > 0 || throttleRate > 0 || slowRate > 0
    }

    /// The fault for a valid request of `eventCount` events, or nil to answer normally. The rates are
    /// tried in the documented order with one draw each; a rate of 0 never fires and 1 always does.
    func draw(eventCount: Int, using generator: inout some RandomNumberGenerator) -> MockFault? {
        func fires(_ rate: Double) -> Bool {
            rate > 0 && (rate >= 1 || Double.random(in: 0..<1, using: &generator) < rate)
        }
        if fires(dropRate) { return .drop }
        if fires(failRate) { return .fail }
        if fires(failAfterPartialRate) {
            let count = eventCount > 1 ? Int.random(in: 1..<eventCount, using: &generator) : 0
            return .failAfterPartial(count: count)
        }
        if fires(throttleRate) { return .throttle }
        if fires(slowRate) { return .slow }
        return nil
    }

}
