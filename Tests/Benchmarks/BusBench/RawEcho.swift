import ArgumentParser
import Foundation
import ZeroMQ

/// The raw baseline's server: a ROUTER that sends every message straight back.
struct EchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "echo-server", abstract: "Raw ROUTER echo (child process).")
    @Option var bind: String

    func run() throws {
        let context = try Context()
        let router = try Socket(context, .router)
        try router.setSendHighWaterMark(0)
        try router.setReceiveHighWaterMark(0)
        try router.bind(bind)
        while true {
            guard let frames = try router.receive() else { continue }
            try router.send(frames)
        }
    }
}

/// The raw baseline's client side.
enum RawClient {
    static func connect(_ context: Context, _ endpoint: String) throws -> Socket {
        let dealer = try Socket(context, .dealer)
        try dealer.setSendHighWaterMark(0)
        try dealer.setReceiveHighWaterMark(0)
        try dealer.connect(endpoint)
        return dealer
    }

    static func latency(context: Context, endpoint: String, body: Frame, samples: Int) throws -> Percentiles {
        let dealer = try connect(context, endpoint)
        defer { dealer.close() }
        for _ in 0..<1000 { try roundTrip(dealer, body) }
        var times: [Double] = []
        times.reserveCapacity(samples)
        for _ in 0..<samples {
            let start = ContinuousClock.now
            try roundTrip(dealer, body)
            times.append((ContinuousClock.now - start).microseconds)
        }
        return Percentiles(times)
    }

    private static func roundTrip(_ dealer: Socket, _ body: Frame) throws {
        // IMMEDIATE means a send before the connection completes would block: wait for it.
        while !(try dealer.send([body], dontWait: true)) {}
        _ = try dealer.receive()
    }

    /// Keeps `window` requests in flight on one DEALER and counts replies per second.
    static func throughput(context: Context, endpoint: String, body: Frame, window: Int, seconds: Double) throws -> Double {
        let dealer = try connect(context, endpoint)
        defer { dealer.close() }
        var inFlight = 0
        var done = 0
        let start = ContinuousClock.now
        let stop = start + .milliseconds(Int(seconds * 1000))
        var poller = Poller()
        poller.add(dealer)
        while ContinuousClock.now < stop || inFlight > 0 {
            while inFlight < window && ContinuousClock.now < stop, try dealer.send([body], dontWait: true) { inFlight += 1 }
            _ = try poller.poll(timeout: .milliseconds(100))
            while let _ = try dealer.receive(dontWait: true) {
                inFlight -= 1
                done += 1
            }
        }
        return Double(done) / (ContinuousClock.now - start).seconds
    }

    /// The broker path's shape without the broker: `count` DEALERs with one request in flight each,
    /// so every message is alone on its connection (no batching of several into one write) — the
    /// most an MDP worker socket is allowed.
    static func throughputOneInFlightEach(context: Context, endpoint: String, body: Frame, sockets count: Int, seconds: Double) throws -> Double {
        let sockets = try (0..<count).map { _ in try connect(context, endpoint) }
        defer { sockets.forEach { $0.close() } }
        return try OneInFlightEach.run(sockets, message: [body], seconds: seconds) { _ in true }
    }
}
