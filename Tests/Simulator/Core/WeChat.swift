import FlyingFox
import Foundation

/// WeChat official-account APIs: access token, web OAuth code exchange, template messages.
extension SimCore {
    static let wxMessages: [Int: String] = [
        -1: "system error", 40001: "invalid credential, access_token is invalid or not latest",
        40002: "invalid grant_type", 40003: "invalid openid", 40013: "invalid appid", 40029: "invalid code",
        40037: "invalid template_id", 40125: "invalid appsecret", 41001: "access_token missing",
        42001: "access_token expired", 43004: "require subscribe", 45009: "reach max api daily quota limit",
        47001: "data format error",
    ]

    func wxError(_ code: Int, _ message: String? = nil, count: Bool = true) -> HTTPResponse {
        if count { state.reject(.wechat) }
        return json(["errcode": code, "errmsg": message ?? Self.wxMessages[code] ?? "simulated failure"])
    }

    static let accessTokenTTL = 7200.0

    /// GET /cgi-bin/token?grant_type=client_credential&appid=&secret=
    func wechatToken(_ request: HTTPRequest) async -> HTTPResponse {
        await sleepIfAsked(.wechat)
        let q = request.query
        guard q["grant_type"] == "client_credential" else { return wxError(40002) }
        guard q["appid"] == config.wechatAppID else { return wxError(40013) }
        guard q["secret"] == config.wechatSecret else { return wxError(40001, "invalid credential") }
        let token = IDs.random(96, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        state.withLock {
            // WeChat keeps the previous token usable for a short while after a refresh: keep the last two.
            state.accessTokens.append((token, Clock.now() + Self.accessTokenTTL))
            if state.accessTokens.count > 2 { state.accessTokens.removeFirst(state.accessTokens.count - 2) }
        }
        return json(["access_token": token, "expires_in": Int(Self.accessTokenTTL)])
    }

    /// nil when the token is good, else the WeChat error code.
    func checkAccessToken(_ token: String?) -> Int? {
        guard let token, !token.isEmpty else { return 41001 }
        let now = Clock.now()
        return state.withLock {
            guard let t = state.accessTokens.first(where: { $0.token == token }) else { return 40001 }
            return t.expiresAt > now ? nil : 42001
        }
    }

    /// Test control standing in for the user's phone: GET /_sim/wechat/authorize?user=NAME[&scope=]
    func wechatAuthorize(_ request: HTTPRequest) -> HTTPResponse {
        guard let user = request.query["user"], !user.isEmpty else {
            return json(["error": "user is required"], status: .badRequest)
        }
        let openid = IDs.openid(appID: config.wechatAppID, user: user)
        let code = IDs.random(32, alphabet: "0123456789abcdef")
        let scope = request.query["scope"].flatMap { $0.isEmpty ? nil : $0 } ?? "snsapi_base"
        state.withLock {
            state.oauthCodes[code] = OAuthCode(openid: openid, scope: scope, expiresAt: Clock.now() + 300)
            state.issuedOpenids.insert(openid)
        }
        return json(["code": code, "openid": openid, "user": user])
    }

    /// The phone's WeChat user the browser stands for: POST /_sim/wechat/browser {"user": NAME}
    /// (empty or missing: a browser outside WeChat).
    func wechatBrowser(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = JSONValue.object(try await request.bodyData) ?? [:]
        let user = (body["user"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        state.withLock { state.browserUser = user }
        return json(["user": user as Any? ?? NSNull(),
                     "openid": user.map { IDs.openid(appID: config.wechatAppID, user: $0) } as Any? ?? NSNull()])
    }

    /// 网页授权, GET /connect/oauth2/authorize?appid=&redirect_uri=&response_type=code&scope=&state=
    /// (the `#wechat_redirect` fragment never reaches a server): WeChat redirects (302) to
    /// `redirect_uri?code=CODE&state=STATE`; snsapi_base asks the user nothing. The code is for the
    /// browser's user (`/_sim/wechat/browser`), works once and for five minutes.
    func wechatOAuthAuthorize(_ request: HTTPRequest) -> HTTPResponse {
        let q = request.query
        guard q["appid"] == config.wechatAppID else { return wxError(40013, count: false) }
        guard q["response_type"] == "code" else { return wxError(40002, "invalid response_type", count: false) }
        let scope = q["scope"] ?? ""
        guard scope == "snsapi_base" || scope == "snsapi_userinfo" else { return wxError(10005, "invalid scope", count: false) }
        guard let target = q["redirect_uri"], var components = URLComponents(string: target),
              components.scheme == "http" || components.scheme == "https"
        else { return wxError(10003, "redirect_uri domain mismatch", count: false) }
        guard let user = state.withLock({ state.browserUser }) else {
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html;charset=utf-8"],
                                body: Data("<!doctype html><title>微信</title><p>请在微信客户端打开链接</p>".utf8))
        }
        let openid = IDs.openid(appID: config.wechatAppID, user: user)
        let code = IDs.random(32, alphabet: "0123456789abcdef")
        state.withLock {
            state.oauthCodes[code] = OAuthCode(openid: openid, scope: scope, expiresAt: Clock.now() + 300)
            state.issuedOpenids.insert(openid)
        }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "code", value: code),
                                                                 URLQueryItem(name: "state", value: q["state"] ?? "")]
        return HTTPResponse(statusCode: .found, headers: [HTTPHeader("Location"): components.url?.absoluteString ?? target])
    }

    /// GET /sns/oauth2/access_token?appid=&secret=&code=&grant_type=authorization_code
    func wechatOAuthExchange(_ request: HTTPRequest) async -> HTTPResponse {
        await sleepIfAsked(.wechat)
        let q = request.query
        guard q["appid"] == config.wechatAppID else { return wxError(40013) }
        guard q["secret"] == config.wechatSecret else { return wxError(40125) }
        guard q["grant_type"] == "authorization_code" else { return wxError(40002) }
        let code = q["code"] ?? ""
        let now = Clock.now()
        let grant: OAuthCode? = state.withLock {
            // A code works once, whatever the outcome.
            guard let g = state.oauthCodes.removeValue(forKey: code), g.expiresAt > now else { return nil }
            return g
        }
        guard let grant else { return wxError(40029) }
        return json([
            "access_token": IDs.random(88), "expires_in": 7200, "refresh_token": IDs.random(88),
            "openid": grant.openid, "scope": grant.scope,
        ])
    }

    func isKnownOpenidLocked(_ openid: String) -> Bool {
        state.issuedOpenids.contains(openid) || IDs.isSimOpenid(openid)
    }

    /// POST /_sim/wechat/users {"user"|"openid", "subscribed": bool}
    func wechatUsers(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let body = JSONValue.object(try await request.bodyData) else {
            return json(["error": "JSON object expected"], status: .badRequest)
        }
        let openid: String
        if let o = body["openid"] as? String, !o.isEmpty { openid = o }
        else if let u = body["user"] as? String, !u.isEmpty { openid = IDs.openid(appID: config.wechatAppID, user: u) }
        else { return json(["error": "user or openid is required"], status: .badRequest) }
        let subscribed = JSONValue.bool(body["subscribed"]) ?? true
        state.withLock {
            state.issuedOpenids.insert(openid)
            if subscribed { state.unsubscribed.remove(openid) } else { state.unsubscribed.insert(openid) }
        }
        return json(["openid": openid, "subscribed": subscribed])
    }

    /// POST /cgi-bin/message/template/send?access_token=
    func wechatTemplateSend(_ request: HTTPRequest) async throws -> HTTPResponse {
        await sleepIfAsked(.wechat)
        if let err = checkAccessToken(request.query["access_token"]) { return wxError(err) }
        guard let body = JSONValue.object(try await request.bodyData) else { return wxError(47001) }
        guard let openid = body["touser"] as? String, !openid.isEmpty else { return wxError(40003) }
        guard let templateId = body["template_id"] as? String, !templateId.isEmpty else { return wxError(40037) }
        let url = body["url"] as? String
        let dataObject = body["data"] as? [String: Any] ?? [:]
        for (_, v) in dataObject where (v as? [String: Any])?["value"] == nil { return wxError(47001) }
        let data = JSONValue.data(dataObject)
        let clientMsgId = (body["client_msg_id"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let now = Clock.now()

        enum Outcome { case sent(Int64), duplicate(Int64), refused(Int), admission(Admission) }
        let outcome: Outcome = state.withLock {
            guard isKnownOpenidLocked(openid) else { state.stats[.wechat]!.rejected += 1; return .refused(40003) }
            guard !state.unsubscribed.contains(openid) else { state.stats[.wechat]!.rejected += 1; return .refused(43004) }
            let dedupKey = clientMsgId.map { openid + "|" + $0 }
            if let key = dedupKey, let index = state.wxByClientMsgId[key] {
                state.wx[index].duplicates += 1
                state.stats[.wechat]!.duplicates += 1
                return .duplicate(state.wx[index].msgid)
            }
            let admission = state.admitLocked(.wechat)
            guard case .ok = admission else { return .admission(admission) }
            state.msgidCounter += 1
            let msgid = 2_850_000_000_000_000 + state.msgidCounter
            let index = state.wx.count
            state.wx.append(WxRecord(
                seq: index + 1, openid: openid, templateId: templateId, url: url, data: data,
                clientMsgId: clientMsgId, msgid: msgid, receivedAt: now))
            state.wxByOpenid[openid, default: []].append(index)
            if let key = dedupKey { state.wxByClientMsgId[key] = index }
            state.stats[.wechat]!.accepted += 1
            state.scheduleReport(.wechat, index: index)
            return .sent(msgid)
        }
        switch outcome {
        case .sent(let msgid), .duplicate(let msgid):
            return json(["errcode": 0, "errmsg": "ok", "msgid": msgid])
        case .refused(let code):
            return wxError(code, count: false)
        case .admission(.rateLimited):
            return wxError(45009, count: false)
        case .admission(.fail(let code)):
            if let code, code.hasPrefix("http:"), let status = Int(code.dropFirst(5)) {
                return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Simulated"))
            }
            return wxError(code.flatMap { Int($0) } ?? -1, count: false)
        case .admission(.ok):
            return wxError(-1, count: false)
        }
    }

    /// The TEMPLATESENDJOBFINISH event WeChat pushes to the account's server.
    func templateSendJobFinishXML(_ r: WxRecord, status: String, createTime: Int) -> String {
        "<xml><ToUserName><![CDATA[\(config.wechatOriginalID)]]></ToUserName>"
            + "<FromUserName><![CDATA[\(r.openid)]]></FromUserName>"
            + "<CreateTime>\(createTime)</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>\(r.msgid)</MsgID>"
            + "<Status><![CDATA[\(status)]]></Status></xml>"
    }
}
