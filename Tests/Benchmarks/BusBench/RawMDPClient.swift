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
