import Crypto
import Foundation
import GRDB
import Schema

/// The token a meeting's QR code carries: `<meetingId>.<expires, Unix seconds>.<HMAC-SHA256, base64url>`
/// under the installation's key. It names its meeting and dies when the meeting's check-in closes,
/// so a photo of yesterday's code, or another meeting's, checks no one in.
enum CheckInToken {
    static func key(_ db: Database) throws -> SymmetricKey {
        guard let secret = try Data.fetchOne(db.cachedStatement(sql: "SELECT secret FROM meetings_key WHERE name = 'checkin'")) else {
            throw ErrorBody.make(ErrorCode.`internal`)
        }
        return SymmetricKey(data: secret)
    }

    static func make(meetingId: String, expires: Date, key: SymmetricKey) -> String {
        let payload = "\(meetingId).\(Int64(expires.timeIntervalSince1970.rounded(.down)))"
        return payload + "." + mac(payload, key)
    }

    /// The meeting and expiry a genuine token names; nil for anything else.
    static func verify(_ token: String, key: SymmetricKey) -> (meetingId: String, expires: Date)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let seconds = Int64(parts[1]) else { return nil }
        let payload = parts[0] + "." + parts[1]
        guard let given = Data(base64URL: parts[2]),
              HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(payload.utf8), using: key)
        else { return nil }
        return (parts[0], Date(timeIntervalSince1970: Double(seconds)))
    }

    private static func mac(_ payload: String, _ key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)).base64URL
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL text: String) {
        guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), text.allSatisfy(\.isASCII) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
