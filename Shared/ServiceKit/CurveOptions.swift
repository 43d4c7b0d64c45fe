import ArgumentParser
import Foundation
import ZeroMQ

/// CURVE on the bus. Off by default (one host talks over loopback or ipc); on, every socket to or from
/// the broker is encrypted and the broker admits only the keys in its key directory.
public struct CurveOptions: ParsableArguments, Sendable {
    // A flag's default must be false (ArgumentParser refuses a true one), so the environment is read beside it.
    @Flag(name: .customLong("curve"), help: "Encrypt and authenticate the bus with CURVE. Env DJ_CURVE=1.")
    var curveFlag = false
    public var enabled: Bool { curveFlag || Env.string("DJ_CURVE", "") == "1" }

    @Option(name: .customLong("curve-key"), help: "This process's key pair (a .key file made by `djctl keys generate`, mode 0600). Env DJ_CURVE_KEY.")
    public var keyFile: String? = Env.optionalString("DJ_CURVE_KEY")

    @Option(name: .customLong("curve-broker-key"), help: "The broker's public key (its .pub file). Env DJ_CURVE_BROKER_KEY.")
    public var brokerKeyFile: String? = Env.optionalString("DJ_CURVE_BROKER_KEY")

    @Option(name: .customLong("curve-clients"), help: "Broker only: directory of the admitted clients' .pub files. Env DJ_CURVE_CLIENTS.")
    public var clientsDirectory: String? = Env.optionalString("DJ_CURVE_CLIENTS")

    public init() {}

    /// The client side: nil when CURVE is off; else the broker's key and ours, or a clear failure.
    public func client() throws -> CurveClient? {
        guard enabled else { return nil }
        guard let keyFile else { throw ValidationError("--curve needs --curve-key (DJ_CURVE_KEY)") }
        guard let brokerKeyFile else { throw ValidationError("--curve needs --curve-broker-key (DJ_CURVE_BROKER_KEY)") }
        return CurveClient(serverKey: try CurveKeyFile.loadPublic(brokerKeyFile), keys: try CurveKeyFile.loadPair(keyFile))
    }

    /// A context whose sockets speak CURVE to the broker when it is on.
    public func context() throws -> Context { try Context(curve: try client()) }
}
