/// Wire constants of MDP/0.2 (ZeroMQ RFC 18) and MMI (RFC 8).
///
/// Constant frames are shared by every outgoing message (arrays are copy-on-write),
/// so building a message allocates only its outer array.
enum MDP {
    static let clientHeader: Frame = Array("MDPC02".utf8)
    static let workerHeader: Frame = Array("MDPW02".utf8)
    static let empty: Frame = []

    /// MDP/Client command bytes.
    enum Client {
        static let request: UInt8 = 0x01
        static let partial: UInt8 = 0x02
        static let final: UInt8 = 0x03
        /// The tagged-requests extension (WIRE.md): a REQUEST with a tag after the service.
        static let taggedRequest: UInt8 = 0x04
    }

    /// MDP/Worker command bytes.
    enum Worker {
        static let ready: UInt8 = 0x01
        static let request: UInt8 = 0x02
        static let partial: UInt8 = 0x03
        static let final: UInt8 = 0x04
        static let heartbeat: UInt8 = 0x05
        static let disconnect: UInt8 = 0x06
    }

    static let clientRequestFrame: Frame = [Client.request]
    static let clientPartialFrame: Frame = [Client.partial]
    static let clientFinalFrame: Frame = [Client.final]
    static let workerRequestFrame: Frame = [Worker.request]

    static let heartbeatMessage: [Frame] = [workerHeader, [Worker.heartbeat]]
    static let disconnectMessage: [Frame] = [workerHeader, [Worker.disconnect]]

    /// A tagged REQUEST's tag: 1 to 255 bytes.
    static let tagLengths = 1...255

    /// Services under this prefix are answered by the broker itself (RFC 8).
    static let mmiPrefix: Frame = Array("mmi.".utf8)
    static let mmiService: Frame = Array("mmi.service".utf8)
    static let mmiFound: Frame = Array("200".utf8)
    static let mmiNotFound: Frame = Array("404".utf8)
    static let mmiNotImplemented: Frame = Array("501".utf8)

    /// The credit extension (WIRE.md, "Credit"): READY's optional fourth frame, "credit=N".
    static let creditPrefix: Frame = Array("credit=".utf8)
    static let maxCredit = 10_000

    /// The credit a READY declares; nil for a plain MDP/0.2 READY, or a fourth frame that is not
    /// a valid declaration (ignored, as an RFC 18 broker would).
    static func credit(ofReady frames: [Frame]) -> Int? {
        guard frames.count == 4, frames[3].starts(with: creditPrefix) else { return nil }
        let digits = frames[3].dropFirst(creditPrefix.count)
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int(String(decoding: digits, as: UTF8.self)), (1...maxCredit).contains(value) else { return nil }
        return value
    }
}
