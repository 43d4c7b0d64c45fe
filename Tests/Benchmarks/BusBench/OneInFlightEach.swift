import ZeroMQ

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
