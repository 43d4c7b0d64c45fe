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

    static let clientPartialFrame: Frame = [Client.partial]
    static let clientFinalFrame: Frame = [Client.final]
    static let workerRequestFrame: Frame = [Worker.request]

    static let heartbeatMessage: [Frame] = [workerHeader, [Worker.heartbeat]]
    static let disconnectMessage: [Frame] = [workerHeader, [Worker.disconnect]]

    /// Services under this prefix are answered by the broker itself (RFC 8).
    static let mmiPrefix: Frame = Array("mmi.".utf8)
    static let mmiService: Frame = Array("mmi.service".utf8)
    static let mmiFound: Frame = Array("200".utf8)
    static let mmiNotFound: Frame = Array("404".utf8)
    static let mmiNotImplemented: Frame = Array("501".utf8)
}
