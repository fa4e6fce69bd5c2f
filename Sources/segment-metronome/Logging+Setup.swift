import Logging

extension Logger {
    /// A stderr logger at the level the flags ask for (`--quiet`: errors only; `--verbose`: debug), in
    /// the format `--log-format` asks for.
    static func forCommand(quiet: Bool, verbose: Bool, format: LogFormat = .text) -> Logger {
        var logger = Logger(label: "segment-metronome") { label -> any LogHandler in
            switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler(label: label)
            }
        }
        logger.logLevel = verbose ? .debug : (quiet ? .error : .warning)
        return logger
    }
}
