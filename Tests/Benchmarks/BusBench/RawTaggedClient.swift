import Bus
import Foundation
import ZeroMQ

/// Tagged requests (WIRE.md, "Tagged requests") from one DEALER in a tight loop on one thread, `window`
/// in flight, no Swift concurrency: what the broker and a credit worker carry when requests share
/// connections, apart from the cost of the async client.
enum RawTaggedClient {
    static func throughput(context: Context, endpoint: String, body: Frame, window: Int, seconds: Double) throws -> Double {
        let dealer = try Socket(context, .dealer)
        try dealer.connect(endpoint)
        defer { dealer.close() }
        var poller = Poller()
        poller.add(dealer)
        var tag: UInt64 = 0
        var inFlight = 0
        var done = 0
        let start = ContinuousClock.now
        let stop = start + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < stop || inFlight > 0 {
            while inFlight < window && ContinuousClock.now < stop {
                tag &+= 1
                let frames = MDP.taggedRequest(service: "echo", tag: withUnsafeBytes(of: tag) { Array($0) }, body: [body])
                guard try dealer.send(frames, dontWait: true) else { break }
                inFlight += 1
            }
            _ = try poller.poll(timeout: .milliseconds(100))
            while let frames = try dealer.receive(dontWait: true) {
                guard frames.count >= 4, frames[1] == [MDP.ClientCommand.final.rawValue] else { continue }
                inFlight -= 1
                done += 1
            }
        }
        return Double(done) / (ContinuousClock.now - start).seconds
    }
}
