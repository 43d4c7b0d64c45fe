import ZeroMQ

/// Majordomo Protocol 0.2 (ZeroMQ RFC 18) frame vocabulary, shared by client, worker and broker.
public enum MDP {
    public static let clientHeader: Frame = Array("MDPC02".utf8)
    public static let workerHeader: Frame = Array("MDPW02".utf8)

    public enum ClientCommand: UInt8, Sendable {
        /// `taggedRequest`: the tagged-requests extension (WIRE.md), many requests in flight on one socket.
        case request = 0x01, partial = 0x02, final = 0x03, taggedRequest = 0x04
    }

    public enum WorkerCommand: UInt8, Sendable {
        case ready = 0x01, request = 0x02, partial = 0x03, final = 0x04, heartbeat = 0x05, disconnect = 0x06
    }

    /// ["MDPC02", 0x01, service, body…]
    public static func clientRequest(service: String, body: [Frame]) -> [Frame] {
        [clientHeader, [ClientCommand.request.rawValue], Array(service.utf8)] + body
    }

    /// ["MDPC02", 0x04, service, tag, body…] (WIRE.md, "Tagged requests")
    public static func taggedRequest(service: String, tag: Frame, body: [Frame]) -> [Frame] {
        var frames: [Frame] = [clientHeader, [ClientCommand.taggedRequest.rawValue], Array(service.utf8), tag]
        frames.append(contentsOf: body)
        return frames
    }

    public static func worker(_ command: WorkerCommand, _ rest: [Frame] = []) -> [Frame] {
        [workerHeader, [command.rawValue]] + rest
    }
}
