import Foundation
import GRDB
import Store
import Synchronization

public protocol WeChatProvider: Sendable {
    /// Sends a template message; `clientMsgId` (the job id) lets WeChat drop a resend of the same message.
    func send(openid: String, templateId: String, data: [String: String], clientMsgId: String) async -> SendOutcome
}

/// The official account's access token, shared by every instance through the store: one holder of
/// the `wechat-token` lease fetches or refreshes it, the others read what it stored.
public struct WeChatTokenKeeper: Sendable {
    let store: Store
    let holder: String
    let fetch: @Sendable () async throws -> (token: String, expiresIn: TimeInterval)
    /// Refresh this long before WeChat's expiry.
    let margin: TimeInterval
    /// The token this instance last used, so a send does not read the store each time; looked up
    /// again after `cacheSeconds` (or at once when WeChat rejects it), which bounds how long an
    /// instance keeps using a token another one replaced (WeChat honours the old one 5 minutes).
    let cache: TokenCache

    public init(store: Store, holder: String, margin: TimeInterval = 300, cacheSeconds: TimeInterval = 30,
                fetch: @escaping @Sendable () async throws -> (token: String, expiresIn: TimeInterval)) {
        cache = TokenCache(seconds: cacheSeconds)
        self.store = store
        self.holder = holder
        self.margin = margin
        self.fetch = fetch
    }

    /// A valid token: the stored one, or a fresh one if this instance gets the lease; otherwise waits
    /// (polling the store, up to `wait`) for the holder to store one.
    public func token(rejected: String? = nil, wait: TimeInterval = 10) async throws -> String {
        if let cached = cache.valid(margin: margin, rejected: rejected) { return cached }
        return try await sharedToken(rejected: rejected, wait: wait)
    }

    private func sharedToken(rejected: String?, wait: TimeInterval) async throws -> String {
        let deadline = Date().addingTimeInterval(wait)
        let margin = self.margin, holder = self.holder, cache = self.cache
        while true {
            let now = Date()
            let stored = try await store.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT token, expiresAt FROM provider_token WHERE name = 'wechat'"))
                    .map { ($0["token"] as String, $0["expiresAt"] as Date) }
            }
            if let stored, stored.0 != rejected, stored.1.addingTimeInterval(-margin) > now {
                cache.set(stored.0, expiresAt: stored.1)
                return stored.0
            }
            let leased = try await store.write { db in try Lease.acquire(db, name: "wechat-token", holder: holder, ttl: 15) }
            if leased {
                // Someone may have refreshed between our read and the lease.
                let fresh = try await store.read { db in
                    try Row.fetchOne(db.cachedStatement(sql: "SELECT token, expiresAt FROM provider_token WHERE name = 'wechat'"))
                        .map { ($0["token"] as String, $0["expiresAt"] as Date) }
                }
                if let fresh, fresh.0 != rejected, fresh.1.addingTimeInterval(-margin) > Date() {
                    try await store.write { db in try Lease.release(db, name: "wechat-token", holder: holder) }
                    cache.set(fresh.0, expiresAt: fresh.1)
                    return fresh.0
                }
                let (token, expiresIn) = try await fetch()
                let fetchedAt = Date()
                try await store.write { db in
                    try db.cachedStatement(sql: """
                        INSERT INTO provider_token (name, token, expiresAt, fetchedBy, fetchedAt) VALUES ('wechat', ?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET token = excluded.token, expiresAt = excluded.expiresAt,
                            fetchedBy = excluded.fetchedBy, fetchedAt = excluded.fetchedAt
                        """).execute(arguments: [token, fetchedAt.addingTimeInterval(expiresIn), holder, fetchedAt])
                    try Lease.release(db, name: "wechat-token", holder: holder)
                }
                cache.set(token, expiresAt: fetchedAt.addingTimeInterval(expiresIn))
                return token
            }
            if Date() > deadline { throw URLError(.timedOut) }
            try await Task.sleep(for: .milliseconds(50))  // poll interval while another instance refreshes
        }
    }
}

/// One instance's copy of the shared token.
final class TokenCache: Sendable {
    private let seconds: TimeInterval
    private let entry = Mutex<(token: String, expiresAt: Date, readAt: Date)?>(nil)

    init(seconds: TimeInterval) { self.seconds = seconds }

    func valid(margin: TimeInterval, rejected: String?) -> String? {
        let now = Date()
        return entry.withLock { entry in
            guard let entry, entry.token != rejected, entry.expiresAt.addingTimeInterval(-margin) > now,
                  now.timeIntervalSince(entry.readAt) < seconds else { return nil }
            return entry.token
        }
    }

    func set(_ token: String, expiresAt: Date) { entry.withLock { $0 = (token, expiresAt, Date()) } }
}

/// WeChat official account over HTTPS: `cgi-bin/token` and `cgi-bin/message/template/send`.
public struct WeChatTemplateAPI: WeChatProvider {
    public struct Config: Sendable {
        public var baseURL: URL
        public var appId: String
        public var secret: String
        public init(baseURL: URL, appId: String, secret: String) {
            self.baseURL = baseURL
            self.appId = appId
            self.secret = secret
        }
    }

    let config: Config
    public let keeper: WeChatTokenKeeper

    public init(config: Config, store: Store, holder: String) {
        self.config = config
        keeper = WeChatTokenKeeper(store: store, holder: holder) {
            var comps = URLComponents(url: config.baseURL.appendingPathComponent("cgi-bin/token"), resolvingAgainstBaseURL: false)!
            comps.queryItems = [URLQueryItem(name: "grant_type", value: "client_credential"),
                                URLQueryItem(name: "appid", value: config.appId), URLQueryItem(name: "secret", value: config.secret)]
            let (_, data) = try await ProviderHTTP.send(.GET, comps.url!)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            guard let token = object["access_token"] as? String else { throw URLError(.userAuthenticationRequired) }
            return (token, (object["expires_in"] as? NSNumber)?.doubleValue ?? 7200)
        }
    }

    static let tokenErrors: Set<Int> = [40001, 40014, 42001, 41001]
    static let transientErrors: Set<Int> = [-1, 45009, 45047]

    public func send(openid: String, templateId: String, data: [String: String], clientMsgId: String) async -> SendOutcome {
        var rejected: String?
        for _ in 0..<2 {
            let token: String
            do { token = try await keeper.token(rejected: rejected) } catch { return .transient("wechat.token") }
            var comps = URLComponents(url: config.baseURL.appendingPathComponent("cgi-bin/message/template/send"),
                                      resolvingAgainstBaseURL: false)!
            comps.queryItems = [URLQueryItem(name: "access_token", value: token)]
            let body = try? JSONEncoder().encode(TemplateMessage(
                touser: openid, template_id: templateId, client_msg_id: clientMsgId, data: data.mapValues { .init(value: $0) }))
            let reply: TemplateReply
            do {
                let (status, bytes) = try await ProviderHTTP.send(.POST, comps.url!, contentType: "application/json", body: body)
                if !(200..<300).contains(status) {
                    return .transient("http:\(status)")
                }
                reply = (try? JSONDecoder().decode(TemplateReply.self, from: bytes)) ?? TemplateReply()
            } catch {
                // Resending is safe (client_msg_id), so even an unknown fate may simply be retried.
                return .unknown("network")
            }
            let code = reply.errcode ?? -1
            if code == 0 { return .accepted(messageId: reply.msgid.map(String.init) ?? "") }
            if Self.tokenErrors.contains(code) { rejected = token; continue }
            if Self.transientErrors.contains(code) { return .transient("wechat.\(code)") }
            return .permanent("wechat.\(code)")
        }
        return .transient("wechat.token_rejected")
    }
}

/// The body of `message/template/send` (Codable: JSONSerialization was 7 % of a WeChat fan-out's CPU).
struct TemplateMessage: Encodable {
    struct Value: Encodable { var value: String }
    var touser: String
    var template_id: String
    var client_msg_id: String
    var data: [String: Value]
}

/// Its answer: `{"errcode":0,"errmsg":"ok","msgid":200228332}`.
struct TemplateReply: Decodable {
    var errcode: Int?
    var msgid: Int64?
}
