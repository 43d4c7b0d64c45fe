import XCTest
@testable import BrokerCore

/// Frame from a string, for readable expectations.
func f(_ string: String) -> Frame { Array(string.utf8) }

let clientHeader = f("MDPC02")
let workerHeader = f("MDPW02")

// Messages as peers send them (identity frame stripped, as the socket loop does).
enum Msg {
    static func request(_ service: String, _ body: Frame...) -> [Frame] {
        [clientHeader, [0x01], f(service)] + body
    }
    static func ready(_ service: String) -> [Frame] { [workerHeader, [0x01], f(service)] }
    static func partial(_ client: Frame, _ body: Frame...) -> [Frame] {
        [workerHeader, [0x03], client, []] + body
    }
    static func final(_ client: Frame, _ body: Frame...) -> [Frame] {
        [workerHeader, [0x04], client, []] + body
    }
    static let heartbeat: [Frame] = [workerHeader, [0x05]]
    static let disconnect: [Frame] = [workerHeader, [0x06]]
}

// What the broker should send.
enum Expect {
    static func workerRequest(_ worker: Frame, client: Frame, _ body: Frame...) -> Outgoing {
        Outgoing(peer: worker, frames: [workerHeader, [0x02], client, []] + body)
    }
    static func clientPartial(_ client: Frame, service: String, _ body: Frame...) -> Outgoing {
        Outgoing(peer: client, frames: [clientHeader, [0x02], f(service)] + body)
    }
    static func clientFinal(_ client: Frame, service: String, _ body: Frame...) -> Outgoing {
        Outgoing(peer: client, frames: [clientHeader, [0x03], f(service)] + body)
    }
    static func heartbeat(_ worker: Frame) -> Outgoing { Outgoing(peer: worker, frames: [workerHeader, [0x05]]) }
    static func disconnect(_ worker: Frame) -> Outgoing { Outgoing(peer: worker, frames: [workerHeader, [0x06]]) }
}

/// A broker with an injected clock: `now` only moves when a test moves it.
struct Harness {
    var broker: BrokerCore
    let start = ContinuousClock.now
    var now: ContinuousClock.Instant

    init(_ config: BrokerConfig = .init()) {
        broker = BrokerCore(config: config)
        now = start
    }

    /// Delivers one message at the current instant; returns what the broker sends.
    @discardableResult
    mutating func send(_ peer: Frame, _ frames: [Frame]) -> [Outgoing] {
        var out: [Outgoing] = []
        broker.receive(from: peer, frames: frames, now: now, out: &out)
        return out
    }

    /// Moves the clock to `start + offset`, ticking at every `nextTick` on the way
    /// exactly as the socket loop does; returns everything sent meanwhile.
    @discardableResult
    mutating func run(until offset: Duration) -> [Outgoing] {
        let target = start + offset
        var out: [Outgoing] = []
        while true {
            let next = broker.nextTick(now: now)
            guard next <= target else { break }
            if next > now { now = next }
            broker.tick(now: now, out: &out)
        }
        now = target
        broker.tick(now: now, out: &out)
        return out
    }
}
