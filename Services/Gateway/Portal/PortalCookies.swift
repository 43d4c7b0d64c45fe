import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird

/// The portal's cookies: all HttpOnly, SameSite=Lax, path `/`, Secure behind TLS. Values are
/// base64url so nothing in them needs quoting.
enum PortalCookies {
    /// A random id kept on the browser: identity's "new device" SMS step is per device.
    static let device = "dj_device"
    /// The access and refresh tokens identity issued at login.
    static let session = "dj_session"
    /// A login in progress: its step, ticket and masked phone (ten minutes).
    static let login = "dj_login"
    /// A password reset in progress: the identifier the code was sent for (ten minutes).
    static let reset = "dj_reset"
    /// The local page a visitor was sent to log in from (a scanned check-in code), to return to after.
    static let next = "dj_next"

    /// A path of this site only: a cookie naming another site is ignored.
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"), text.utf8.count < 2048 else { return nil }
        return text
    }

    static func make(_ name: String, value: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func clear(_ name: String, secure: Bool) -> Cookie { make(name, value: "", maxAge: 0, secure: secure) }

    static func encode<T: Encodable>(_ value: T) -> String {
        TokenVerifier.base64URL((try? JSONEncoder().encode(value)) ?? Data())
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text, !text.isEmpty, text.utf8.count < 4096 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    static func secure(_ request: Request, settings: PortalSettings) -> Bool {
        settings.secureCookies || request.headers[forwardedProto]?.lowercased() == "https"
    }

    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}

/// The session cookie's content.
struct SessionCookie: Codable {
    /// Access token (JWT).
    var a: String
    /// Refresh token.
    var r: String
}

/// A login between steps.
struct LoginCookie: Codable {
    var step: String
    var ticket: String
    var maskedPhone: String?
    /// What was typed at the first step (rate limits per account, and to fill the form again).
    var identifier: String
}
