extension MockMetronomeConfiguration {
    /// What is wrong with this configuration, one message per problem (empty when it is usable).
    /// `MockMetronomeServer.start` refuses a configuration with problems.
    public var problems: [String] {
        var problems: [String] = []
        if !(0...65_535).contains(port) { problems.append("port must be between 0 and 65535, got \(port)") }
        if let token, token.isEmpty { problems.append("token must not be empty (nil accepts any token)") }
        if maximumAgeMilliseconds < 0 { problems.append("maximumAgeMilliseconds must not be negative") }
        if maximumBodyBytes < 1 { problems.append("maximumBodyBytes must be at least 1") }
        if threads < 1 { problems.append("threads must be at least 1") }
        let rates: [(String, Double)] = [
            ("dropRate", faults.dropRate), ("failRate", faults.failRate),
            ("failAfterPartialRate", faults.failAfterPartialRate), ("throttleRate", faults.throttleRate),
            ("slowRate", faults.slowRate),
        ]
        for (name, rate) in rates where !(0...1).contains(rate) {
            problems.append("\(name) must be between 0 and 1, got \(rate)")
        }
        if !(0...86_400).contains(faults.retryAfterSeconds) {
            problems.append("retryAfterSeconds must be between 0 and 86400, got \(faults.retryAfterSeconds)")
        }
        if !(0...86_400).contains(faults.slowDelaySeconds) {
            problems.append("slowDelaySeconds must be between 0 and 86400, got \(faults.slowDelaySeconds)")
        }
        return problems
    }
}
