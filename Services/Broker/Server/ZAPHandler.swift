import Foundation
import Logging
import Metrics
import ServiceKit
import ZeroMQ

/// The broker's CURVE settings: its own key pair and the directory of admitted clients' `.pub` files.
struct BrokerSecurity: Sendable {
    let keys: CurveKeyPair
    let clientsDirectory: String
    static let zapDomain = "dangjian"
}

/// ZAP (ZeroMQ RFC 27) for the broker's CURVE sockets: admits a connection only when the client's public
/// key is listed in the key directory. libzmq asks it on every CURVE handshake; without a handler bound,
/// libzmq would admit any key, so it is bound before any broker socket is.
final class ZAPHandler {
    let socket: Socket
    let security: BrokerSecurity
    let logger: Logger
    let refusals = Counter(label: "broker_curve_refusals_total")
    var throttle = LogThrottle()

    init(context: Context, security: BrokerSecurity, logger: Logger) throws {
        socket = try Socket(context, .rep)
        try socket.bind("inproc://zeromq.zap.01")
        self.security = security
        self.logger = logger
        // Read once now so a missing directory stops the broker at start, not at the first client.
        let admitted = try CurveKeyFile.directory(security.clientsDirectory)
        logger.info("CURVE on", metadata: ["admitted_keys": "\(admitted.count)", "key_directory": "\(security.clientsDirectory)"])
    }

    /// Answers one waiting ZAP request.
    func answer() throws {
        guard let request = try socket.receive(dontWait: true) else { return }
        // version, request id, domain, address, routing id, mechanism, credentials…
        guard request.count >= 6 else { return }
        let requestID = request[1], address = String(decoding: request[3], as: UTF8.self)
        let mechanism = String(decoding: request[5], as: UTF8.self)
        var status = "400", text = "unknown key", user = ""
        if mechanism == "CURVE", request.count >= 7, let key = CurveKeyPair.z85(request[6]) {
            // Read on each handshake (they are rare): a key added to or removed from the directory counts at once.
            let admitted = (try? CurveKeyFile.directory(security.clientsDirectory)) ?? [:]
            if let name = admitted[key] {
                (status, text, user) = ("200", "OK", name)
            } else {
                refusals.increment()
                let fingerprint = CurveKeyFile.fingerprint(key)
                if let held = throttle.admit(fingerprint) {
                    logger.warning("bus connection refused: unknown CURVE key",
                                   metadata: ["fingerprint": "\(fingerprint)", "address": "\(address)", "repeats": "\(held)"])
                }
            }
        } else {
            refusals.increment()
            if let held = throttle.admit("mechanism:" + mechanism) {
                logger.warning("bus connection refused: not CURVE", metadata: ["mechanism": "\(mechanism)", "address": "\(address)", "repeats": "\(held)"])
            }
        }
        try socket.send([Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(user.utf8), []])
    }
}
