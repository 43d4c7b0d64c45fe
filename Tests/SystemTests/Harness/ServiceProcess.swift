import Foundation
import XCTest

/// One of the platform's real executables, started as a child process with its output in a log file.
final class ServiceProcess: @unchecked Sendable {
    let name: String
    let executable: String
    let arguments: [String]
    let environment: [String: String]
    let logFile: URL
    private var process: Process?

    init(name: String, executable: String, arguments: [String], environment: [String: String] = [:], logDirectory: URL) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        logFile = logDirectory.appendingPathComponent("\(name).log")
    }

    /// Where `swift build` put the executables: beside the test bundle, unless DJ_BIN_DIR says otherwise.
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["DJ_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("broker").path) { return dir }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
    }

    func start() throws {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        if !FileManager.default.fileExists(atPath: logFile.path) {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: logFile)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
    }

    var pid: Int32 { process?.processIdentifier ?? 0 }
    var isRunning: Bool { process?.isRunning ?? false }

    func signal(_ signal: Int32) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// SIGKILL: the process dies at once, wherever it was.
    func crash() {
        signal(SIGKILL)
        process?.waitUntilExit()
    }

    /// Waits for the process to exit; returns its status, or nil if it was still running at the deadline.
    func waitForExit(timeout: Duration) async -> Int32? {
        guard let process else { return nil }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))  // poll interval of a deadline wait
        }
        return process.terminationStatus
    }

    func stopForTeardown() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
}

/// Waits until `condition` holds, checking every few milliseconds, failing at the deadline.
func eventually(
    _ description: String, timeout: Duration = .seconds(30), file: StaticString = #filePath, line: UInt = #line,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        if ContinuousClock.now >= deadline {
            XCTFail("timed out waiting for: \(description)", file: file, line: line)
            throw WaitTimeout(description: description)
        }
        try await Task.sleep(for: .milliseconds(20))  // poll interval of a deadline wait
    }
}

struct WaitTimeout: Error { let description: String }
