import Foundation
import GatewayApp
import GatewayCore
import Hummingbird
import Schema

/// A logged-in visitor: the verified claims and the tokens from the cookie.
struct SignedIn {
    var claims: TokenClaims
    var tokens: SessionCookie
    var actor: Actor { claims.actor }
}

/// Who is asking: the device cookie (made on the first visit), the session if its token verifies
/// (refreshed with the refresh token when only expired), and the cookies the response must set.
struct Visit {
    var deviceId: String
    var session: SignedIn?
    var secure: Bool
    var cookies: [Cookie] = []
    /// Where to go once logged in, when a page sent the visitor to log in (`PortalCookies.next`).
    var returnTo: String?

    /// Adds the cookies this visit set or cleared to `response`.
    func finish(_ response: Response) -> Response {
        var response = response
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    mutating func set(_ name: String, _ value: String, maxAge: Int) {
        cookies.append(PortalCookies.make(name, value: value, maxAge: maxAge, secure: secure))
    }

    mutating func clear(_ name: String) { cookies.append(PortalCookies.clear(name, secure: secure)) }

    /// Starts the session identity issued: the cookie lives as long as the refresh token.
    mutating func signIn(_ pair: TokenPair, portal: PortalState) throws(ErrorBody) {
        let claims = try portal.gateway.verifier.verify(pair.accessToken)
        let tokens = SessionCookie(a: pair.accessToken, r: pair.refreshToken)
        session = SignedIn(claims: claims, tokens: tokens)
        set(PortalCookies.session, PortalCookies.encode(tokens), maxAge: max(60, Int(pair.refreshTokenExpiresAt.timeIntervalSinceNow)))
    }
}

extension PortalState {
    func visit(_ request: Request) async -> Visit {
        let cookies = request.cookies
        let secure = PortalCookies.secure(request, settings: settings)
        var visit: Visit
        if let device = cookies[PortalCookies.device]?.value, Self.isDeviceId(device) {
            visit = Visit(deviceId: device, secure: secure)
        } else {
            visit = Visit(deviceId: UUID().uuidString.lowercased(), secure: secure)
            visit.set(PortalCookies.device, visit.deviceId, maxAge: 5 * 365 * 86400)
        }
        visit.returnTo = PortalCookies.localPath(PortalCookies.decode(String.self, cookies[PortalCookies.next]?.value))
        guard let raw = cookies[PortalCookies.session]?.value, !raw.isEmpty else { return visit }
        guard let tokens = PortalCookies.decode(SessionCookie.self, raw) else {
            visit.clear(PortalCookies.session)
            return visit
        }
        do throws(ErrorBody) {
            visit.session = SignedIn(claims: try gateway.verifier.verify(tokens.a), tokens: tokens)
        } catch let error where error.code == ErrorCode.identityTokenExpired {
            // Only expired: identity rotates the pair (and refuses it if the session was revoked).
            do throws(ErrorBody) {
                try visit.signIn(try await gateway.call(IdentityAPI.tokenRefresh, RefreshRequest(refreshToken: tokens.r),
                                                        actor: Self.anonymous), portal: self)
            } catch {
                visit.clear(PortalCookies.session)
            }
        } catch {
            // Revoked (logout, password change, reset by an administrator) or forged: logged out at once.
            visit.clear(PortalCookies.session)
        }
        return visit
    }

    static func isDeviceId(_ text: String) -> Bool {
        (8...64).contains(text.utf8.count) && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
    }
}
