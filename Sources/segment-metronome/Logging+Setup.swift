import Logging

extension Logger {
    /// A stderr logger at the level the flags ask for (`--quiet`: errors only; `--verbose`: debug).
    static func forCommand(quiet: Bool, verbose: Bool) -> Logger {
        var logger = Logger(label: "segment-metronome") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = verbose ? .debug : (quiet ? .error : .warning)
        return logger
    }
}
