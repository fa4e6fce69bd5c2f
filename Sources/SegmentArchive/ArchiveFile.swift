/// One input to read: a file found on the command line or under an input directory, or stdin.
public struct ArchiveFile: Sendable, Equatable {
    /// The path to open (`-` for standard input).
    public var path: String
    /// The path relative to the input root it was found under, `/`-separated; output mirrors it.
    public var relativePath: String

    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }

    public var isStandardInput: Bool { path == "-" }
}
