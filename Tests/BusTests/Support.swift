import Foundation
import Synchronization
import XCTest
import ZeroMQ

/// What the fake broker's ROUTER read: the peer identity libzmq prepended, and the frames after it.
struct Received: Sendable {
    let peer: Frame
    let frames: [Frame]
    let at: ContinuousClock.Instant
}

/// A test-only stand-in for the broker: one ROUTER on its own `SocketThread`.
///
/// It records every message it receives, and hands each one to the test's `script`, which returns
/// the messages to send back (each starting with the peer identity to route to). Tests can also
/// push messages to any peer at any time with `send`.
final class FakeBroker: Sendable {
    typealias Script = @Sendable (Received) -> [[Frame]]

    enum Command: Sendable {
        case send([Frame])
        case stop
    }

    let endpoint: String
    private let log = Box<[Received]>([])
    private let sendErrors = Box<[String]>([])
    private let mailbox: Mailbox<Command>
    private let finished: SocketThread.Finished

    init(context: Context, endpoint: String, script: @escaping Script = { _ in [] }) throws {
        let mailbox = try Mailbox<Command>()
        self.mailbox = mailbox
        self.endpoint = endpoint
        let bound = DispatchSemaphore(value: 0)
        let bindError = Mutex<(any Error)?>(nil)
        let log = self.log, sendErrors = self.sendErrors
        finished = SocketThread.start(name: "fake-broker") {
            let router: Socket
            do {
                router = try Socket(context, .router)
                try router.bind(endpoint)
            } catch {
                bindError.withLock { $0 = error }
                bound.signal()
                return
            }
            bound.signal()
            defer { router.close() }
            var poller = Poller()
            poller.add(fileDescriptor: mailbox.fileDescriptor)
            poller.add(router)
            func deliver(_ message: [Frame]) {
                do {
                    try router.send(message)
                } catch {
                    sendErrors.update { $0.append("\(error)") }
                }
            }
            while true {
                do {
                    _ = try poller.poll(timeout: .milliseconds(100))
                    if poller.isReadable(0) {
                        for command in mailbox.drain() {
                            switch command {
                            case .send(let message): deliver(message)
                            case .stop: return
                            }
                        }
                    }
                    if poller.isReadable(1) {
                        while let frames = try router.receive(dontWait: true) {
                            let message = Received(peer: frames[0], frames: Array(frames.dropFirst()), at: .now)
                            log.update { $0.append(message) }
                            for reply in script(message) { deliver(reply) }
                        }
                    }
                } catch {
                    return
                }
            }
        }
        bound.wait()
        if let error = bindError.withLock({ $0 }) { throw error }
    }

    /// Every message received so far, in order.
    var received: [Received] { log.get }
    var errors: [String] { sendErrors.get }

    func received(where predicate: (Received) -> Bool) -> [Received] {
        log.update { $0.filter(predicate) }
    }

    /// Sends `frames` to `peer` from the broker thread.
    func send(to peer: Frame, _ frames: [Frame]) {
        mailbox.post(.send([peer] + frames))
    }

    func stop() async {
        mailbox.post(.stop)
        await finished.wait()
    }

    /// Waits until at least `count` received messages match, and returns those that do.
    @discardableResult
    func waitFor(
        _ count: Int = 1, timeout: Duration = .seconds(5), file: StaticString = #filePath, line: UInt = #line,
        where predicate: @escaping @Sendable (Received) -> Bool
    ) async throws -> [Received] {
        var matches: [Received] = []
        let reached = await eventually(timeout: timeout) {
            matches = self.received(where: predicate)
            return matches.count >= count
        }
        guard reached else {
            XCTFail("fake broker saw \(matches.count) matching messages, wanted \(count)", file: file, line: line)
            throw TimedOut()
        }
        return matches
    }
}

struct TimedOut: Error {}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(
    timeout: Duration = .seconds(5), every step: Duration = .milliseconds(5), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: step)
    }
}

/// A place where handlers wait until `count` of them arrived (or the test opens it).
final class Gate: Sendable {
    private let state = Mutex<(arrived: Int, open: Bool, waiters: [CheckedContinuation<Void, Never>])>((0, false, []))
    let count: Int

    init(count: Int) { self.count = count }

    var arrived: Int { state.withLock { $0.arrived } }

    func arrive() async {
        await withCheckedContinuation { continuation in
            let release: [CheckedContinuation<Void, Never>] = state.withLock { state in
                state.arrived += 1
                if state.arrived >= count { state.open = true }
                if state.open {
                    defer { state.waiters = [] }
                    return state.waiters + [continuation]
                }
                state.waiters.append(continuation)
                return []
            }
            release.forEach { $0.resume() }
        }
    }

    /// Lets everyone through, now and later.
    func open() {
        let release = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        release.forEach { $0.resume() }
    }
}

/// A thread-safe box for test bookkeeping.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    var get: Value { value.withLock { $0 } }
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    func update<R>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

/// A text frame.
func f(_ text: String) -> Frame { Array(text.utf8) }

func text(_ frame: Frame) -> String { String(decoding: frame, as: UTF8.self) }

extension XCTestCase {
    /// A unique inproc endpoint name (all sockets of a test share one `Context`).
    func uniqueEndpoint(_ name: String = "broker") -> String {
        "inproc://\(name)-\(UUID().uuidString)"
    }
}
