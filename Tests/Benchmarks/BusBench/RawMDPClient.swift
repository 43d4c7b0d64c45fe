import Bus
import Foundation
import ZeroMQ

/// MDP client sockets driven in a tight loop on one thread, no Swift concurrency: measures what the
/// broker and worker process can carry, apart from the cost of the async client.
enum RawMDPClient {
    static func throughput(context: Context, endpoint: String, body: Frame, sockets count: Int, seconds: Double) throws -> Double {
        let sockets = try (0..<count).map { _ in
            let socket = try Socket(context, .dealer)
            try socket.connect(endpoint)
            return socket
        }
        defer { sockets.forEach { $0.close() } }
        return try OneInFlightEach.run(sockets, message: MDP.clientRequest(service: "echo", body: [body]), seconds: seconds) { frames in
            frames.count >= 2 && frames[1] == [MDP.ClientCommand.final.rawValue]
        }
    }

    /// One MDP request at a time from a blocking DEALER: the broker path's round trip measured the
    /// way (a) measures the raw one, without the async client's two thread hand-offs.
    static func latency(context: Context, endpoint: String, body: Frame, samples: Int) throws -> Percentiles {
        let socket = try Socket(context, .dealer)
        try socket.connect(endpoint)
        defer { socket.close() }
        let request = MDP.clientRequest(service: "echo", body: [body])
        func roundTrip() throws {
            while !(try socket.send(request, dontWait: true)) {}
            while let frames = try socket.receive(), !(frames.count >= 2 && frames[1] == [MDP.ClientCommand.final.rawValue]) {}
        }
        for _ in 0..<1000 { try roundTrip() }
        var times: [Double] = []
        times.reserveCapacity(samples)
        for _ in 0..<samples {
            let start = ContinuousClock.now
            try roundTrip()
            times.append((ContinuousClock.now - start).microseconds)
        }
        return Percentiles(times)
    }
}

/// Keeps one request in flight on each socket for `seconds`; returns replies per second.
enum OneInFlightEach {
    static func run(_ sockets: [Socket], message: [Frame], seconds: Double, isReply: ([Frame]) -> Bool) throws -> Double {
        var poller = Poller()
        for socket in sockets { poller.add(socket) }
        var pending = [Bool](repeating: false, count: sockets.count)
        var done = 0
        let start = ContinuousClock.now
        let stop = start + .milliseconds(Int(seconds * 1000))
        while true {
            let now = ContinuousClock.now
            for index in sockets.indices where !pending[index] && now < stop {
                pending[index] = try sockets[index].send(message, dontWait: true)
            }
            if now >= stop && !pending.contains(true) { break }
            _ = try poller.poll(timeout: .milliseconds(100))
            for index in sockets.indices where poller.isReadable(index) {
                while let frames = try sockets[index].receive(dontWait: true) {
                    guard isReply(frames) else { continue }
                    pending[index] = false
                    done += 1
                }
            }
        }
        return Double(done) / (ContinuousClock.now - start).seconds
    }
}
