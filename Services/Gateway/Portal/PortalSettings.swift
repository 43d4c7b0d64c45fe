import Crypto
import Foundation

/// How the portal runs in one installation.
public struct PortalSettings: Sendable {
    /// Cookies marked `Secure`: on when the gateway is reached over TLS (a proxy in front). A request
    /// that says it came over https (`X-Forwarded-Proto: https`) gets them too.
    public var secureCookies: Bool
    /// Keys the CSRF tokens. Random per process unless given: a restart only expires open forms.
    public var secret: [UInt8]

    public init(secureCookies: Bool = false, secret: [UInt8]? = nil) {
        self.secureCookies = secureCookies
        self.secret = secret ?? SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}
