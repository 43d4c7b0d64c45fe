import FlyingFox
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The request handlers and the delivery-report pump; all state lives in `SimState`.
final class SimCore: Sendable {
    let config: SimConfig
    let state: SimState
    let session: Outbound
    let alipay: AlipaySim
    let wechatpay: WeChatPaySim
    let unionpay: UnionPaySim
    let rsa = ProviderRSA()
    /// The SMTP relay, when `config.smtpPort` is set.
    let smtp: SMTPSink?

    init(config: SimConfig) {
        self.config = config
        self.state = SimState(config: config)
        self.session = Outbound(timeout: .seconds(5))
        self.alipay = AlipaySim(config: config.alipay, session: session, rsa: rsa)
        self.wechatpay = WeChatPaySim(config: config.wechatpay, session: session, rsa: rsa)
        self.unionpay = UnionPaySim(config: config.unionpay, session: session, rsa: rsa)
        self.smtp = config.smtpPort.map { SMTPSink(bind: config.bind, port: $0) }
    }

    static let jsonHeaders: HTTPHeaders = [.contentType: "application/json;charset=utf-8"]

    func json(_ object: Any, status: HTTPStatusCode = .ok) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: Self.jsonHeaders, body: JSONValue.data(object))
    }

    func sleepIfAsked(_ p: Provider) async {
        let ms = state.delayMs(p)
        if ms > 0 { try? await Task.sleep(nanoseconds: UInt64(ms) * 1_000_000) }
    }

    func route(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.path
        if let answer = try await statementRoute(request, path: path) { return answer }
        if path.hasPrefix("/_sim/alipay/") { return await alipay.control(request, path: path) }
        if path.hasPrefix("/_sim/wechatpay/") { return await wechatpay.control(request, path: path) }
        if path.hasPrefix("/_sim/unionpay/") { return await unionpay.control(request, path: path) }
        if path.hasPrefix("/_sim/smtp/") { return smtpControl(request, path: path) }
        if path.hasPrefix("/_sim/") { return try await control(request, path: path) }
        if path == "/gateway.do" { return try await alipay.gateway(request) }
        if path.hasPrefix("/v3/") { return try await wechatpay.api(request) }
        switch path {
        case "/gateway/api/frontTransReq.do": return try await unionpay.front(request)
        case "/gateway/api/queryTrans.do": return try await unionpay.query(request)
        case "/gateway/api/backTransReq.do": return try await unionpay.back(request)
        default: break
        }
        switch (request.method, path) {
        case (_, "/"): return try await handleSms(request)
        case (.GET, "/cgi-bin/token"): return await wechatToken(request)
        case (.POST, "/cgi-bin/message/template/send"): return try await wechatTemplateSend(request)
        case (.GET, "/sns/oauth2/access_token"): return await wechatOAuthExchange(request)
        case (.GET, "/connect/oauth2/authorize"): return wechatOAuthAuthorize(request)
        case (.POST, "/realname/v1/verify"): return try await realnameVerify(request)
        default: return json(["error": "not found", "path": path], status: .notFound)
        }
    }

    // MARK: Test control

    func smtpControl(_ request: HTTPRequest, path: String) -> HTTPResponse {
        guard let smtp else { return json(["error": "the SMTP sink is off (no --smtp-port)"], status: .notFound) }
        switch (request.method, path) {
        case (.GET, "/_sim/smtp/messages"): return json(smtp.list(to: request.query["to"].flatMap { $0.isEmpty ? nil : $0 }))
        case (.POST, "/_sim/smtp/reset"): smtp.reset(); return json(["ok": true])
        default: return json(["error": "not found", "path": path], status: .notFound)
        }
    }

    func control(_ request: HTTPRequest, path: String) async throws -> HTTPResponse {
        switch (request.method, path) {
        case (.GET, "/_sim/health"):
            return json(["ok": true])
        case (.GET, "/_sim/sms/messages"):
            return smsMessages(request)
        case (.GET, "/_sim/wechat/messages"):
            let openid = request.query["openid"].flatMap { $0.isEmpty ? nil : $0 }
            let since = request.query["since"].flatMap(Self.parseSince)
            let list: [[String: Any]] = state.withLock {
                let records = openid.map { (state.wxByOpenid[$0] ?? []).map { state.wx[$0] } } ?? state.wx
                return records.filter { since == nil || $0.receivedAt >= since! }.map { $0.json() }
            }
            return json(["count": list.count, "messages": list])
        case (.GET, "/_sim/wechat/authorize"):
            return wechatAuthorize(request)
        case (.POST, "/_sim/wechat/browser"):
            return try await wechatBrowser(request)
        case (.POST, "/_sim/wechat/users"):
            return try await wechatUsers(request)
        case (.POST, "/_sim/realname/people"):
            return try await realnamePeople(request)
        case (.GET, "/_sim/realname/requests"):
            let list: [[String: Any]] = state.withLock { state.realname.map { $0.json() } }
            return json(["count": list.count, "requests": list])
        case (.GET, "/_sim/stats"):
            let stats: [String: Any] = state.withLock {
                var out: [String: Any] = [:]
                for p in Provider.allCases {
                    var s = state.stats[p]!.json()
                    switch p {
                    case .sms: s["recorded"] = state.sms.count; s["reports_pending"] = state.smsPending.count
                        s["reports_withheld"] = state.smsWithheld.count
                    case .wechat: s["recorded"] = state.wx.count; s["reports_pending"] = state.wxPending.count
                        s["reports_withheld"] = state.wxWithheld.count
                    case .realname: s["recorded"] = state.realname.count
                    }
                    out[p.rawValue] = s
                }
                out["rsa"] = rsa.json
                return out
            }
            return json(stats)
        case (.GET, "/_sim/control"):
            let all: [String: Any] = state.withLock {
                Dictionary(uniqueKeysWithValues: Provider.allCases.map { ($0.rawValue, state.controls[$0]!.json()) })
            }
            return json(all)
        case (.POST, "/_sim/control"):
            return try await setControl(request)
        case (.POST, "/_sim/reset"):
            state.withLock { state.resetLocked() }
            smtp?.reset()
            return json(["ok": true])
        default:
            return json(["error": "not found", "path": path], status: .notFound)
        }
    }

    /// `since`: ISO 8601 or Unix seconds.
    static func parseSince(_ s: String) -> Double? {
        if s.isEmpty { return nil }
        if let d = Double(s) { return d }
        return Clock.parseISO8601UTC(s)
    }

    func smsMessages(_ request: HTTPRequest) -> HTTPResponse {
        let phone = request.query["phone"].flatMap { $0.isEmpty ? nil : (Self.normalizeMobile($0) ?? $0) }
        let since = request.query["since"].flatMap(Self.parseSince)
        let outId = request.query["outId"].flatMap { $0.isEmpty ? nil : $0 }
        let list: [[String: Any]] = state.withLock {
            let records = phone.map { (state.smsByPhone[$0] ?? []).map { state.sms[$0] } } ?? state.sms
            return records
                .filter { (since == nil || $0.receivedAt >= since!) && (outId == nil || $0.outId == outId) }
                .map { $0.json() }
        }
        return json(["count": list.count, "messages": list])
    }

    /// POST /_sim/control: fields present are changed, absent ones kept; `null` clears optional ones.
    func setControl(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let body = JSONValue.object(try await request.bodyData) else {
            return json(["error": "JSON object expected"], status: .badRequest)
        }
        guard let name = body["provider"] as? String, let provider = Provider(rawValue: name) else {
            return json(["error": "provider must be sms, wechat or realname"], status: .badRequest)
        }
        let updated: [String: Any] = state.withLock {
            var c = state.controls[provider]!
            if let v = body["failNext"] { c.failNext = max(0, JSONValue.int(v) ?? 0) }
            if let v = body["failWith"] { c.failWith = v as? String ?? JSONValue.int(v).map(String.init) }
            if let v = body["rateLimitPerSecond"] {
                let rate = JSONValue.double(v)
                c.rateLimitPerSecond = rate.flatMap { $0 > 0 ? $0 : nil }
                state.buckets[provider] = nil
            }
            if let v = body["delayMs"] { c.delayMs = max(0, JSONValue.int(v) ?? 0) }
            if let v = body["reportDelayMs"] { c.reportDelayMs = max(0, JSONValue.int(v) ?? state.defaultReportDelayMs) }
            if let v = body["reportFailWith"] { c.reportFailWith = v as? String }
            let wasWithholding = c.withholdReports
            if let v = body["withholdReports"] { c.withholdReports = JSONValue.bool(v) ?? false }
            state.controls[provider] = c
            if wasWithholding && !c.withholdReports { state.releaseWithheldLocked(provider) }
            return c.json()
        }
        return json(["provider": provider.rawValue, "control": updated])
    }

    // MARK: Delivery reports

    /// Marks due records delivered/failed and returns what to push; called by the pump.
    func takeDueReports() -> (sms: [[String: Any]], wechat: [(xml: String, openid: String)]) {
        let nowMono = Clock.monotonicNanos()
        let now = Clock.now()
        return state.withLock {
            var smsOut: [[String: Any]] = []
            let smsFail = state.controls[.sms]!.reportFailWith
            for i in state.smsPending.popDue(now: nowMono) where i < state.sms.count {
                state.sms[i].sendStatus = smsFail == nil ? 3 : 2
                state.sms[i].errCode = smsFail ?? "DELIVERED"
                state.sms[i].reportedAt = now
                let r = state.sms[i]
                smsOut.append([
                    "phone_number": r.phone, "send_time": Clock.chinaDateTime(r.receivedAt),
                    "report_time": Clock.chinaDateTime(now), "success": smsFail == nil, "err_code": r.errCode,
                    "err_msg": smsFail == nil ? "用户接收成功" : "用户接收失败", "sms_size": "1", "biz_id": r.bizId,
                    "out_id": r.outId ?? "",
                ])
            }
            var wxOut: [(xml: String, openid: String)] = []
            let wxStatus = state.controls[.wechat]!.reportFailWith ?? "success"
            for i in state.wxPending.popDue(now: nowMono) where i < state.wx.count {
                state.wx[i].status = wxStatus
                state.wx[i].reportedAt = now
                wxOut.append((templateSendJobFinishXML(state.wx[i], status: wxStatus, createTime: Int(now)),
                              state.wx[i].openid))
            }
            return (smsOut, wxOut)
        }
    }

    func pumpReports() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 10_000_000)
            let (sms, wechat) = takeDueReports()
            if !sms.isEmpty, let url = config.callbackURL {
                for chunk in stride(from: 0, to: sms.count, by: 200) {
                    let batch = Array(sms[chunk..<min(chunk + 200, sms.count)])
                    await push(.sms, url: url, body: JSONValue.data(batch), contentType: "application/json", count: batch.count)
                }
            }
            if !wechat.isEmpty, let base = config.wechatCallbackURL ?? config.callbackURL {
                for event in wechat {
                    let timestamp = String(Int(Clock.now()))
                    let nonce = IDs.random(10, alphabet: "0123456789")
                    let signature = WeChatSignature.sign(token: config.wechatToken, timestamp: timestamp, nonce: nonce)
                    guard var comps = URLComponents(url: base, resolvingAgainstBaseURL: false) else { continue }
                    comps.queryItems = (comps.queryItems ?? []) + [
                        URLQueryItem(name: "signature", value: signature), URLQueryItem(name: "timestamp", value: timestamp),
                        URLQueryItem(name: "nonce", value: nonce), URLQueryItem(name: "openid", value: event.openid),
                    ]
                    guard let url = comps.url else { continue }
                    await push(.wechat, url: url, body: Data(event.xml.utf8), contentType: "text/xml", count: 1)
                }
            }
        }
    }

    /// Attempts of one push: a receiver that did not take it (down, busy, restarting) gets it again,
    /// after 0.5, 1, 2, 4 and 8 s, as the providers retry their pushes.
    static let pushAttempts = 6

    func push(_ p: Provider, url: URL, body: Data, contentType: String, count: Int, attempt: Int = 1) async {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        var ok = false
        if let (_, response) = try? await session.data(for: request), let http = response as? HTTPURLResponse {
            ok = (200..<300).contains(http.statusCode)
        }
        state.withLock {
            if ok { state.stats[p]!.reportsSent += count } else { state.stats[p]!.callbackErrors += 1 }
        }
        guard !ok, attempt < Self.pushAttempts else { return }
        // Retried on its own task, so one unreachable receiver does not hold up the other reports.
        Task {
            try? await Task.sleep(for: .milliseconds(500 << (attempt - 1)))
            await self.push(p, url: url, body: body, contentType: contentType, count: count, attempt: attempt + 1)
        }
    }
}

struct SimHandler: HTTPHandler {
    let core: SimCore
    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await core.route(request)
    }
}

/// One process simulating the SMS, WeChat and real-name providers over HTTP.
public final class ProviderSimulator: @unchecked Sendable {
    public let config: SimConfig
    let core: SimCore
    let server: HTTPServer
    private let lock = NSLock()
    private var tasks: [Task<Void, Never>] = []

    public init(config: SimConfig) throws {
        self.config = config
        self.core = SimCore(config: config)
        self.server = HTTPServer(
            address: try .inet(ip4: config.bind, port: config.port), timeout: 60, logger: .disabled,
            handler: SimHandler(core: core))
    }

    /// Starts listening and the report pump; returns the bound port.
    @discardableResult
    public func start() async throws -> UInt16 {
        let server = self.server
        let core = self.core
        let serverTask = Task<Void, any Error> { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 5)
        } catch {
            serverTask.cancel()
            if case .failure(let runError) = await serverTask.result { throw runError }
            throw error
        }
        // A busy SMTP port leaves the HTTP providers running (several simulators on one machine
        // share the default 2525); mail to it then finds no relay, which is what it would find.
        do {
            if let smtp = core.smtp { try smtp.start() }
        } catch {
            FileHandle.standardError.write(Data("provider-sim: SMTP sink not started: \(error)\n".utf8))
        }
        let pump = Task { await core.pumpReports() }
        let watcher = Task { _ = await serverTask.result }
        lock.withLock { tasks = [pump, watcher] }
        guard case .ip4(_, let port) = await server.listeningAddress else { return config.port }
        return port
    }

    /// The SMTP sink's bound port (nil when off); known after `start()`.
    public var smtpPort: UInt16? { core.smtp.flatMap { $0.port == 0 ? nil : $0.port } }

    public func stop() async {
        let running = lock.withLock { () -> [Task<Void, Never>] in
            defer { tasks = [] }
            return tasks
        }
        for t in running { t.cancel() }
        core.smtp?.stop()
        await server.stop(timeout: 1)
    }
}
