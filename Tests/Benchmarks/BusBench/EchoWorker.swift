import ArgumentParser
import Bus
import Foundation
import Logging
import Schema
import ZeroMQ

/// The broker path's worker process: the real `BusWorker`, answering "echo" with the body it got
/// and "echo.text" envelopes with a decoded-and-re-encoded copy.
struct EchoWorker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "echo-worker", abstract: "MDP echo worker (child process).")
    @Option var broker: String
    @Option var sockets = 32
    @Flag(help: "One socket declaring --sockets as its credit (WIRE.md) instead of that many plain MDP sockets.")
    var credit = false

    func run() async throws {
        let context = try Context()
        let worker = try BusWorker(context: context, options: .init(endpoint: broker, service: "echo", concurrency: sockets,
                                                                                  credit: credit)) { frames in
            guard let first = frames.first, first.first == UInt8(ascii: "{") else { return frames }
            guard let request = try? Wire.decode(EchoText.self, from: first), let body = request.body,
                  let reply = try? Wire.encode(request.reply(body)) as [UInt8] else { return frames }
            return [reply]
        }
        // Runs until the parent kills it.
        while !worker.isStopped { try await Task.sleep(for: .seconds(1)) }
    }
}

/// A child process of the benchmark.
final class Child {
    let process: Process

    static var selfPath: URL { URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath() }
    static func sibling(_ name: String) -> URL { selfPath.deletingLastPathComponent().appendingPathComponent(name) }

    static func start(_ executable: URL, _ arguments: [String]) throws -> Child {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        try process.run()
        return Child(process: process)
    }

    init(process: Process) { self.process = process }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// A free TCP port on loopback, found by letting the kernel pick one.
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
