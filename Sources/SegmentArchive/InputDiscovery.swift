#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns command-line inputs into the sorted list of archive files to read.
///
/// Directories are walked recursively in byte order of their relative paths, so runs are
/// deterministic. Hidden entries (names starting with `.`) are ignored; inside directories only archive
/// objects (`*.gz`, `*.json`, `*.ndjson`, `*.jsonl`) are taken and everything else (Segment's
/// `dummy-object.txt`) is listed as skipped. A file named explicitly is always read. Symbolic links to
/// files are followed; symbolic links to directories are not, so a link loop cannot trap the walk.
public enum InputDiscovery {
    public struct Result: Sendable {
        public var files: [ArchiveFile] = []
        /// Paths passed over because they are not archive objects.
        public var skipped: [String] = []
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Archive object name suffixes (case-insensitive).
    public static let archiveSuffixes = [".gz", ".json", ".ndjson", ".jsonl"]

    public static func discover(_ inputs: [String]) throws(Failure) -> Result {
        var result = Result()
        for input in inputs {
            if input == "-" {
                result.files.append(ArchiveFile(path: "-", relativePath: "stdin"))
                continue
            }
            var info = stat()
            guard stat(input, &info) == 0 else {
                throw Failure(
                    message: "input \(input) does not exist or cannot be read: \(String(cString: strerror(errno)))")
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                var found: [ArchiveFile] = []
                walk(directory: input, relative: "", into: &found, skipped: &result.skipped)
                found.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
                result.files.append(contentsOf: found)
            } else {
                let name = input.split(separator: "/").last.map(String.init) ?? input
                result.files.append(ArchiveFile(path: input, relativePath: name))
            }
        }
        var seen = Set<String>()
        for file in result.files where !seen.insert(file.relativePath).inserted {
            throw Failure(
                message:
                    "two inputs map to the same output path \(file.relativePath); pass their common parent directory instead"
            )
        }
        return result
    }

    public static func isArchiveName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return archiveSuffixes.contains { lower.hasSuffix($0) }
    }

    private static func walk(
        directory: String, relative: String, into files: inout [ArchiveFile], skipped: inout [String]
    ) {
        guard let handle = opendir(directory) else {
            skipped.append(directory)
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." || name.hasPrefix(".") { continue }
            names.append(name)
        }
        // Closed before descending: one descriptor at a time whatever the tree's depth.
        closedir(handle)
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var linkInfo = stat()
            guard lstat(path, &linkInfo) == 0 else { continue }
            let isLink = linkInfo.st_mode & S_IFMT == S_IFLNK
            var info = linkInfo
            if isLink {
                guard stat(path, &info) == 0 else {
                    skipped.append(relativePath)
                    continue
                }
            }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                if isLink {
                    skipped.append(relativePath)
                } else {
                    walk(directory: path, relative: relativePath, into: &files, skipped: &skipped)
                }
            } else if type == S_IFREG && isArchiveName(name) {
                files.append(ArchiveFile(path: path, relativePath: relativePath))
            } else {
                skipped.append(relativePath)
            }
        }
    }
}
