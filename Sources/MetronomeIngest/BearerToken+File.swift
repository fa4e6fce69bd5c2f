import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension BearerToken {
    /// Reads the token from `path`, refusing a file that anyone but its owner can read or write (a
    /// billing token in a world-readable file is a leak waiting to happen), that is not a regular file,
    /// or that is empty. Errors name the file and the fix, never the token.
    public static func read(file path: String) throws(IngestConfigurationError) -> BearerToken {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw IngestConfigurationError(
                "cannot read the token file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw IngestConfigurationError("the token file \(path) is not a regular file")
        }
        let permissions = info.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw IngestConfigurationError(
                "the token file \(path) can be used by other users (mode \(String(permissions, radix: 8))); make it readable by its owner alone: chmod 600 \(path)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestConfigurationError("cannot read the token file \(path)")
        }
        guard let token = BearerToken(String(decoding: data, as: UTF8.self)) else {
            throw IngestConfigurationError("the token file \(path) is empty")
        }
        return token
    }
}
