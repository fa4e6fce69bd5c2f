import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `--umask`: the permissions of the files and directories the tool creates. Output, rejects, reports,
/// ledgers and records hold customer data, so the default (set in `Entry.main` before any command
/// runs) is `077`: files `0600`, directories `0700`.
struct FileModeFlags: ParsableArguments {
    static let defaultMask: mode_t = 0o077

    @Option(
        name: .long,
        help: ArgumentHelp(
            "File creation mask in octal (default 077: files 0600, directories 0700; 022 for 0644/0755).",
            valueName: "octal"))
    var umask: String?

    func validate() throws {
        if let umask, Self.parse(umask) == nil {
            throw ValidationError("--umask: expected an octal mask from 000 to 777 such as 077 or 022, got \(umask)")
        }
    }

    /// Sets the process's mask if `--umask` was given (the default is already in place).
    func apply() {
        if let mask = umask.flatMap(Self.parse) { _ = Glibc.umask(mask) }
    }

    static func parse(_ text: String) -> mode_t? {
        guard !text.isEmpty, text.count <= 4, let value = UInt32(text, radix: 8), value <= 0o777 else { return nil }
        return mode_t(value)
    }
}
