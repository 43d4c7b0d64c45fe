import CZeroMQ

/// A CURVE key pair as libzmq writes it: each key is 40 characters of Z85 (32 bytes).
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    /// A new random pair (libzmq uses libsodium's generator).
    public static func generate() throws -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41), secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw ZMQError.last("zmq_curve_keypair") }
        return CurveKeyPair(publicKey: String(z85: publicKey), secretKey: String(z85: secretKey))
    }

    /// The pair of a secret key, its public half derived again (so a file cannot hold a mismatched pair).
    public init(secretKey: String) throws {
        guard CurveKeyPair.isKey(secretKey) else { throw ZMQError(code: EINVAL, operation: "curve secret key") }
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else { throw ZMQError.last("zmq_curve_public") }
        self.init(publicKey: String(z85: publicKey), secretKey: secretKey)
    }

    private init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// 40 characters that decode as Z85.
    public static func isKey(_ z85: String) -> Bool { raw(z85) != nil }

    /// The 32 bytes of a Z85 key, or nil when it is not one.
    public static func raw(_ z85: String) -> [UInt8]? {
        guard z85.utf8.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        return zmq_z85_decode(&bytes, z85) == nil ? nil : bytes
    }

    /// Z85 of 32 raw bytes (ZAP hands the broker a client's key raw).
    public static func z85(_ raw: [UInt8]) -> String? {
        guard raw.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        return zmq_z85_encode(&text, raw, 32) == nil ? nil : String(z85: text)
    }
}

/// What a process needs to speak CURVE to the broker: the broker's public key and its own pair.
public struct CurveClient: Sendable {
    public let serverKey: String
    public let keys: CurveKeyPair

    public init(serverKey: String, keys: CurveKeyPair) {
        self.serverKey = serverKey
        self.keys = keys
    }
}

extension Socket {
    /// A CURVE server whose peers are judged by the ZAP handler of `domain` (RFC 27).
    public func makeCurveServer(secretKey: String, zapDomain: String) throws {
        try setOption(ZMQ_CURVE_SERVER, Int32(1))
        try setOption(ZMQ_CURVE_SECRETKEY, Array(secretKey.utf8))
        try setOption(ZMQ_ZAP_DOMAIN, Array(zapDomain.utf8))
    }

    func makeCurveClient(_ curve: CurveClient) throws {
        try setOption(ZMQ_CURVE_SERVERKEY, Array(curve.serverKey.utf8))
        try setOption(ZMQ_CURVE_PUBLICKEY, Array(curve.keys.publicKey.utf8))
        try setOption(ZMQ_CURVE_SECRETKEY, Array(curve.keys.secretKey.utf8))
    }
}

extension String {
    fileprivate init(z85 buffer: [CChar]) {
        self = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
