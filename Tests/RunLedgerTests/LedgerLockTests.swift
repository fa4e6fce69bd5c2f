import Foundation
import XCTest

@testable import RunLedger

#if canImport(Glibc)
    import Glibc
#endif

final class LedgerLockTests: XCTestCase {
    private func ledgerPath() throws -> String {
        try temporaryDirectory(self) + "/ledger.sqlite"
    }

    /// The message of the `.locked` error taking the lock of `ledgerPath` throws; fails the test when
    /// it throws nothing or something else.
    private func lockedMessage(_ ledgerPath: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try LedgerLock(ledgerPath: ledgerPath)
            XCTFail("the lock was taken", file: file, line: line)
        } catch {
            guard case .locked(let message) = error else {
                XCTFail("expected .locked, got \(error)", file: file, line: line)
                return nil
            }
            XCTAssertEqual(error.description, message, file: file, line: line)
            return message
        }
        return nil
    }

    func testASecondLockOnTheSameLedgerIsRefusedNamingTheLedgerAndTheHolder() throws {
        let path = try ledgerPath()
        let first = try LedgerLock(ledgerPath: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".lock"))
        let message = try XCTUnwrap(lockedMessage(path))
        XCTAssertTrue(message.contains(path), message)
        XCTAssertTrue(message.contains("another run"), message)
        XCTAssertTrue(message.contains("pid \(getpid())"), "the holder, from the lock file: \(message)")
        // Still refused on a third try while the first is held.
        XCTAssertNotNil(lockedMessage(path))
        withExtendedLifetime(first) {}
    }

    func testTheLockIsTakenAgainOnceTheHolderIsReleased() throws {
        let path = try ledgerPath()
        var first: LedgerLock? = try LedgerLock(ledgerPath: path)
        XCTAssertNotNil(first)
        XCTAssertNotNil(lockedMessage(path))
        first = nil
        var second: LedgerLock? = try LedgerLock(ledgerPath: path)
        XCTAssertNotNil(second)
        second = nil
        XCTAssertNotNil(try LedgerLock(ledgerPath: path))
    }

    func testLocksOnDifferentLedgersAreIndependent() throws {
        let directory = try temporaryDirectory(self)
        let a = try LedgerLock(ledgerPath: directory + "/a.sqlite")
        let b = try LedgerLock(ledgerPath: directory + "/b.sqlite")
        withExtendedLifetime((a, b)) {}
    }

    func testALockFileThatCannotBeCreatedIsUnusableNamingIt() throws {
        let path = try temporaryDirectory(self) + "/missing/ledger.sqlite"
        do {
            _ = try LedgerLock(ledgerPath: path)
            XCTFail("a lock was taken in a missing directory")
        } catch {
            guard case .unusable(let message) = error else { return XCTFail("expected .unusable, got \(error)") }
            XCTAssertTrue(message.contains(path + ".lock"), message)
        }
    }

    // MARK: Another process

    /// A process holding an exclusive `flock` on `lockPath` (util-linux `flock`, else Python), and the
    /// pid that holds it once it printed it.
    private func startForeignHolder(_ lockPath: String) throws -> (process: Process, holder: pid_t) {
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") {
            // flock(1) takes the lock, then runs the command, which inherits the locked descriptor; the
            // command prints its pid only once the lock is held.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            process.arguments = [lockPath, "/bin/sh", "-c", "echo $$; exec sleep 30"]
        } else if let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [
                "-c",
                "import fcntl, os, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
                    + "print(os.getpid(), flush=True); time.sleep(30)",
                lockPath,
            ]
        } else {
            throw XCTSkip("neither /usr/bin/flock nor python3 is installed")
        }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        addTeardownBlock {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        // Wait (10 s at most) for the line with the holder's pid.
        let descriptor = output.fileHandleForReading.fileDescriptor
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while !text.contains("\n") && Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 else { break }
            if poller.revents != 0 {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
        }
        guard let holder = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            XCTFail("the lock holder did not start: \(text.debugDescription)")
            throw CocoaError(.executableLoad)
        }
        addTeardownBlock {
            // While flock(1) runs, its child is alive or not yet reaped: the pid is still ours to kill.
            if process.isRunning { kill(holder, SIGKILL) }
        }
        return (process, holder)
    }

    func testALockHeldByAnotherProcessIsSeenAndFreedWhenItDies() throws {
        let path = try ledgerPath()
        let (process, holder) = try startForeignHolder(path + ".lock")
        let message = try XCTUnwrap(lockedMessage(path))
        XCTAssertTrue(message.contains(path), message)
        XCTAssertTrue(message.contains("another run"), message)

        // Killed, the holder's lock goes with it (the kernel releases it; no stale lock is left).
        XCTAssertEqual(kill(holder, SIGKILL), 0)
        process.waitUntilExit()
        XCTAssertNotNil(try LedgerLock(ledgerPath: path), "the lock of a killed process is released")
    }
}
