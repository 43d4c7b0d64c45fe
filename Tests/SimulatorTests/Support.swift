import Crypto
import Foundation
import ProviderSimulatorCore
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A simulator on a loopback port for one test, and small HTTP helpers around URLSession.
class SimTestCase: XCTestCase {
    var sim: ProviderSimulator!
    var base: URL!
    var session: URLSession!

    /// Override to adjust the configuration before the simulator starts.
    func configure(_ config: inout SimConfig) {}

    override func setUp() async throws {
        var config = SimConfig()
        config.port = 0
        config.reportDelayMs = 20
        configure(&config)
        sim = try ProviderSimulator(config: config)
        let port = try await sim.start()
        base = URL(string: "http://127.0.0.1:\(port)")!
        session = URLSession(configuration: .ephemeral)
    }

    override func tearDown() async throws {
        session.finishTasksAndInvalidate()
        await sim.stop()
    }

    struct Reply {
        var status: Int
        var body: Data
        var headers: [AnyHashable: Any]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    func request(_ method: String, _ pathAndQuery: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var req = URLRequest(url: URL(string: base.absoluteString + pathAndQuery)!)
        req.httpMethod = method
        req.httpBody = body
        for (k, v) in headers { req.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await session.data(for: req)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, body: data, headers: http.allHeaderFields)
    }

    func get(_ pathAndQuery: String) async throws -> Reply { try await request("GET", pathAndQuery) }

    func post(_ path: String, json: [String: Any], headers: [String: String] = [:]) async throws -> Reply {
        var h = headers
        h["Content-Type"] = "application/json"
        return try await request("POST", path, body: try JSONSerialization.data(withJSONObject: json), headers: h)
    }

    func control(_ fields: [String: Any]) async throws {
        let r = try await post("/_sim/control", json: fields)
        XCTAssertEqual(r.status, 200, String(decoding: r.body, as: UTF8.self))
    }

    func stats(_ provider: String) async throws -> [String: Int] {
        let all = try await get("/_sim/stats").json
        return (all[provider] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    // MARK: Aliyun RPC signing, written independently of the simulator's implementation

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

    static func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved)! }

    static func aliyunSign(method: String, params: [String: String], secret: String) -> String {
        let canonical = params.keys.sorted().map { "\(enc($0))=\(enc(params[$0]!))" }.joined(separator: "&")
        let stringToSign = "\(method)&\(enc("/"))&\(enc(canonical))"
        let mac = HMAC<Insecure.SHA1>.authenticationCode(
            for: Data(stringToSign.utf8), using: SymmetricKey(data: Data("\(secret)&".utf8)))
        return Data(mac).base64EncodedString()
    }

    static func utcTimestamp(_ date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return f.string(from: date)
    }

    /// Today's date in China (UTC+8) as QuerySendDetails wants it.
    static func chinaDay(_ date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyyMMdd"
        return f.string(from: date)
    }

    func commonParams(action: String, keyID: String = "simkey") -> [String: String] {
        [
            "AccessKeyId": keyID, "Action": action, "Format": "JSON", "RegionId": "cn-hangzhou",
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": UUID().uuidString, "SignatureVersion": "1.0",
            "Timestamp": Self.utcTimestamp(), "Version": "2017-05-25",
        ]
    }

    /// Signs `params` and calls the SMS endpoint; `tamper` edits the parameters after signing.
    func aliyun(
        _ action: String, _ extra: [String: String], method: String = "GET", secret: String = "simsecret",
        keyID: String = "simkey", nonce: String? = nil, tamper: ((inout [String: String]) -> Void)? = nil
    ) async throws -> Reply {
        var params = commonParams(action: action, keyID: keyID).merging(extra) { $1 }
        if let nonce { params["SignatureNonce"] = nonce }
        params["Signature"] = Self.aliyunSign(method: method, params: params, secret: secret)
        tamper?(&params)
        let encoded = params.map { "\(Self.enc($0.key))=\(Self.enc($0.value))" }.joined(separator: "&")
        if method == "GET" { return try await request("GET", "/?" + encoded) }
        return try await request(
            "POST", "/", body: Data(encoded.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
    }

    func sendSms(phone: String, code: String = "123456", outId: String? = nil) async throws -> Reply {
        var p = [
            "PhoneNumbers": phone, "SignName": "党建云", "TemplateCode": "SMS_123456789",
            "TemplateParam": "{\"code\":\"\(code)\"}",
        ]
        if let outId { p["OutId"] = outId }
        return try await aliyun("SendSms", p)
    }

    // MARK: WeChat

    func wechatToken() async throws -> String {
        let r = try await get("/cgi-bin/token?grant_type=client_credential&appid=wxsim&secret=wxsecret")
        return try XCTUnwrap(r.json["access_token"] as? String)
    }

    func openid(_ user: String) async throws -> String {
        let got16 = try await get("/_sim/wechat/authorize?user=\(user)").json["openid"] as? String
        return try XCTUnwrap(got16)
    }

    func templateSend(token: String, openid: String, clientMsgId: String? = nil) async throws -> [String: Any] {
        var body: [String: Any] = [
            "touser": openid, "template_id": "TPL_MEETING", "url": "https://dj.example.cn/m/1",
            "data": ["first": ["value": "支部会议通知"], "keyword1": ["value": "周三 15:00"]],
        ]
        if let clientMsgId { body["client_msg_id"] = clientMsgId }
        return try await post("/cgi-bin/message/template/send?access_token=\(token)", json: body).json
    }
}

func int(_ any: Any?) -> Int? { (any as? NSNumber)?.intValue ?? (any as? Int) }
func int64(_ any: Any?) -> Int64? { (any as? NSNumber)?.int64Value ?? (any as? Int64) }
