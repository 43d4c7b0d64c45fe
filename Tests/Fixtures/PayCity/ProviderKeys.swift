import Foundation

/// Key pairs made with openssl, as an installation gets them from each provider and makes its own:
/// the providers' private keys go to the simulator, the merchant's to payments, each side gets the
/// other's public key. The same files conftest.py makes for the browser tests.
public struct ProviderKeys: Sendable {
    public let directory: URL
    public let apiV3Key: String

    public init(in directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for who in ["alipay", "merchant", "wxplatform", "wxmerchant", "unionpay", "upmerchant"] {
            try Self.openssl(["genrsa", "-out", directory.appendingPathComponent("\(who)-private.pem").path, "2048"])
            try Self.openssl(["rsa", "-in", directory.appendingPathComponent("\(who)-private.pem").path, "-pubout",
                              "-out", directory.appendingPathComponent("\(who)-public.pem").path])
        }
        apiV3Key = (0..<32).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement()!) }.joined()
        try apiV3Key.write(to: directory.appendingPathComponent("apiv3.key"), atomically: true, encoding: .utf8)
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    public func pem(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// provider-sim's arguments for these keys.
    public var simulatorArguments: [String] {
        ["--alipay-private-key", path("alipay-private.pem"), "--alipay-merchant-public-key", path("merchant-public.pem"),
         "--wechatpay-platform-private-key", path("wxplatform-private.pem"), "--wechatpay-merchant-public-key", path("wxmerchant-public.pem"),
         "--wechatpay-apiv3-key-file", path("apiv3.key"),
         "--unionpay-private-key", path("unionpay-private.pem"), "--unionpay-merchant-public-key", path("upmerchant-public.pem")]
    }

    /// payments' provider settings: every channel at the simulator, notifications back to the gateway,
    /// no confirmation factor (the benchmark and the fault test measure the money path, not SMS).
    public func paymentsSettings(simulator: String, gateway: String, orderSeconds: Int, extra: [String: Any] = [:]) throws -> [String: Any] {
        var settings: [String: Any] = [
            "orderSeconds": orderSeconds, "sweepSeconds": 1, "queryBeforeExpirySeconds": max(1, orderSeconds / 3),
            "factors": ["alipay": "none", "wechatpay": "none", "unionpay": "none"],
            "alipay": ["appId": "2021000000000001", "sellerId": "2088000000000001", "publicKeyPEM": try pem("alipay-public.pem"),
                       "privateKeyFile": path("merchant-private.pem"), "gatewayURL": simulator + "/gateway.do",
                       "notifyURL": gateway + "/api/v1/callbacks/alipay"],
            "wechatpay": ["appId": "wxsimpay000000001", "mchId": "1900000109", "merchantSerialNo": "3775B6A45ACD588826D15E583A95F5DD2BB0F1B2",
                          "merchantPrivateKeyPath": path("wxmerchant-private.pem"), "apiV3Key": apiV3Key,
                          "platformSerialNo": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                          "platformPublicKeyPEM": try pem("wxplatform-public.pem"),
                          "notifyURL": gateway + "/api/v1/callbacks/wechatpay", "gatewayURL": simulator],
            "unionpay": ["merId": "777290058110048", "certId": "69042905377", "merchantPrivateKeyPath": path("upmerchant-private.pem"),
                         "unionPayPublicKeyPEM": try pem("unionpay-public.pem"), "backUrl": gateway + "/api/v1/callbacks/unionpay",
                         "frontUrl": gateway + "/me/payments", "gatewayURL": simulator, "fileTransURL": simulator + "/filedownload/"],
            // Run on demand (`reconcile`), not by the clock in the middle of a measurement.
            "reconciliation": ["enabled": false],
        ]
        settings.merge(extra) { $1 }
        return settings
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw RigError("openssl \(arguments.first ?? "") failed") }
    }
}

public struct RigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
