import Foundation
import Schema
import Passwords

/// Everything the authentication part needs besides its store: the installation's settings, the
/// password hasher (and its threads), the external providers, and the clock (injected so tests can
/// move time).
public struct AuthEnvironment: Sendable {
    public var settings: IdentitySettings
    public var hasher: PasswordHasher
    public var wechat: any WeChatProvider
    public var realName: any RealNameProvider
    public var clock: @Sendable () -> Date

    public init(
        settings: IdentitySettings, hasher: PasswordHasher? = nil,
        wechat: any WeChatProvider, realName: any RealNameProvider,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.hasher = hasher ?? PasswordHasher(settings: settings)
        self.wechat = wechat
        self.realName = realName
        self.clock = clock
    }

    /// The production wiring: both providers over HTTP at their base URLs.
    public static func http(
        settings: IdentitySettings,
        wechatBaseURL: URL, wechatAppId: String, wechatSecret: String,
        realNameBaseURL: URL, realNameAppCode: String,
        timeout: TimeInterval = 5,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) -> AuthEnvironment {
        AuthEnvironment(
            settings: settings,
            wechat: HTTPWeChatProvider(baseURL: wechatBaseURL, appId: wechatAppId, secret: wechatSecret, timeout: timeout),
            realName: HTTPRealNameProvider(baseURL: realNameBaseURL, appCode: realNameAppCode, timeout: timeout),
            clock: clock)
    }
}

/// Who asks and which request: events carry them (actor, correlationId).
public struct AuthCall: Sendable {
    public var actor: Actor?
    public var requestId: String?
    public init(actor: Actor? = nil, requestId: String? = nil) {
        self.actor = actor
        self.requestId = requestId
    }
}
