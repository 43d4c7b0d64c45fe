import Foundation
import GatewayCore
import Schema
import XCTest

final class NotificationRoutesTests: XCTestCase {
    let table = GatewayRoutes.all

    func route(_ method: String, _ path: String) throws -> (GatewayRoute, [String: String]) {
        guard case .found(let route, let parameters) = table.match(method: method, path: path) else {
            XCTFail("\(method) \(path) not routed")
            throw WaitError()
        }
        return (route, parameters)
    }
    struct WaitError: Error {}

    func testEveryOperationIsRoutedToItsBusTypeWithItsAuth() throws {
        let expected: [(String, String, String?, GatewayRoute.Auth)] = [
            ("POST", "/api/v1/notices", NotificationsType.noticePublish, .bearer),
            ("GET", "/api/v1/notices", NotificationsType.noticeList, .bearer),
            ("GET", "/api/v1/notices/n-1", NotificationsType.noticeGet, .bearer),
            ("GET", "/api/v1/notices/n-1/receipts", NotificationsType.noticeReceipts, .bearer),
            ("GET", "/api/v1/inbox", NotificationsType.inboxList, .bearer),
            ("POST", "/api/v1/inbox/read", NotificationsType.inboxRead, .bearer),
            ("GET", "/api/v1/inbox/unread-count", NotificationsType.inboxUnreadCount, .bearer),
            ("GET", "/api/v1/deliveries/d-1", NotificationsType.deliveryGet, .bearer),
            ("POST", "/api/v1/callbacks/sms", NotificationsType.callbackSms, .none),
            ("POST", "/api/v1/callbacks/wechat", NotificationsType.callbackWechat, .none),
            ("GET", "/api/v1/callbacks/wechat", nil, .none),
        ]
        for (method, path, type, auth) in expected {
            let (route, _) = try route(method, path)
            XCTAssertEqual(route.busType, type, path)
            XCTAssertEqual(route.auth, auth, path)
            XCTAssertEqual(route.rateLimit == .callback, path.contains("/callbacks/"), "callbacks, and only they, are limited per address")
        }
        guard case .local("wechat_check", _) = try route("GET", "/api/v1/callbacks/wechat").0.target else { return XCTFail() }
        guard case .methodNotAllowed(let allowed) = table.match(method: "DELETE", path: "/api/v1/callbacks/wechat") else { return XCTFail() }
        XCTAssertEqual(allowed, ["GET", "POST"])
    }

    func testPathParametersBecomeTheBusFields() throws {
        let (get, params) = try route("GET", "/api/v1/notices/abc")
        XCTAssertEqual(try RequestInput.build(route: get, pathParameters: params, query: [], body: []).get(), ["noticeId": "abc"])
        let (receipts, rp) = try route("GET", "/api/v1/notices/abc/receipts")
        XCTAssertEqual(try RequestInput.build(route: receipts, pathParameters: rp, query: [("limit", "5")], body: []).get(),
                       ["noticeId": "abc", "limit": 5])
        let (delivery, dp) = try route("GET", "/api/v1/deliveries/d-9")
        XCTAssertEqual(try RequestInput.build(route: delivery, pathParameters: dp, query: [], body: []).get(), ["deliveryId": "d-9"])
        let (inbox, _) = try route("GET", "/api/v1/inbox")
        XCTAssertEqual(try RequestInput.build(route: inbox, pathParameters: [:], query: [("unreadOnly", "true")], body: []).get(),
                       ["unreadOnly": true])
        guard case .failure(let big) = RequestInput.build(route: inbox, pathParameters: [:], query: [("limit", "201")], body: []) else {
            return XCTFail("notifications pages at most 200")
        }
        XCTAssertEqual(big.details["field"], "query.limit")
    }

    func testPublishBodyIsChecked() throws {
        let (publish, _) = try route("POST", "/api/v1/notices")
        func failure(_ body: String) -> ErrorBody? {
            if case .failure(let e) = RequestInput.build(route: publish, pathParameters: [:], query: [], body: Array(body.utf8)) { return e }
            return nil
        }
        XCTAssertNil(failure(#"{"title":"t","content":"c","orgCodes":["001"]}"#))
        XCTAssertEqual(failure(#"{"title":"t","content":"c"}"#)?.details["field"], "body.orgCodes")
        XCTAssertEqual(failure(#"{"title":"","content":"c","orgCodes":["001"]}"#)?.details["field"], "body.title")
        XCTAssertEqual(failure(#"{"title":"t","content":"c","orgCodes":"001"}"#)?.details["reason"], "type_mismatch")
        XCTAssertEqual(failure(#"{"title":"t","content":"c","orgCodes":[1]}"#)?.details["field"], "body.orgCodes.0")
    }

    // MARK: Raw request bodies

    func testSmsReportArrayGoesOnTheBusAsItIs() throws {
        let (sms, _) = try route("POST", "/api/v1/callbacks/sms")
        let body = #"[{"phone_number":"13900000001","success":true,"biz_id":"b1","out_id":"job-1","err_code":"DELIVERED"}]"#
        let input = try RequestInput.build(route: sms, pathParameters: [:], query: [("x", "1")], body: Array(body.utf8)).get()
        XCTAssertEqual(input, [["phone_number": "13900000001", "success": true, "biz_id": "b1", "out_id": "job-1", "err_code": "DELIVERED"]],
                       "an array, not an object; unknown query parameters not merged")
        func failure(_ body: String) -> ErrorBody? {
            if case .failure(let e) = RequestInput.build(route: sms, pathParameters: [:], query: [], body: Array(body.utf8)) { return e }
            return nil
        }
        XCTAssertEqual(failure("")?.details, ["field": "body", "reason": "missing"])
        XCTAssertEqual(failure("  \n")?.details, ["field": "body", "reason": "missing"])
        XCTAssertEqual(failure("[oops")?.details, ["field": "$", "reason": "not_json"])
        XCTAssertEqual(failure(#"{"success":true}"#)?.details, ["field": "body", "reason": "type_mismatch"])
        XCTAssertEqual(failure(#"[{"out_id":"j"}]"#)?.details, ["field": "body.0.success", "reason": "missing"])
        XCTAssertEqual(failure(#"[{"success":"yes"}]"#)?.details["reason"], "type_mismatch")
        XCTAssertNil(failure("[]"))
    }

    func testWeChatXMLBecomesAFieldBesideTheSignatureQuery() throws {
        let (wechat, params) = try route("POST", "/api/v1/callbacks/wechat")
        let xml = "<xml><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>42</MsgID><Status>success</Status></xml>"
        let query = [("signature", "abc"), ("timestamp", "1700000000"), ("nonce", "123"), ("openid", "o-1"), ("encrypt_type", "raw")]
        let input = try RequestInput.build(route: wechat, pathParameters: params, query: query, body: Array(xml.utf8)).get()
        XCTAssertEqual(input, ["xml": .string(xml), "signature": "abc", "timestamp": "1700000000", "nonce": "123", "openid": "o-1"])
        // The body is text, not JSON: a JSON-looking body is just text too.
        XCTAssertEqual(try RequestInput.build(route: wechat, pathParameters: [:], query: Array(query.prefix(3)), body: Array("{}".utf8)).get(),
                       ["xml": "{}", "signature": "abc", "timestamp": "1700000000", "nonce": "123"])
        guard case .failure(let missing) = RequestInput.build(route: wechat, pathParameters: [:], query: [("signature", "a"), ("nonce", "n")],
                                                              body: Array(xml.utf8)) else { return XCTFail() }
        XCTAssertEqual(missing.details, ["field": "query.timestamp", "reason": "missing"])
        guard case .failure(let binary) = RequestInput.build(route: wechat, pathParameters: [:], query: Array(query.prefix(3)),
                                                             body: [0x3C, 0xFF, 0xFE]) else { return XCTFail() }
        XCTAssertEqual(binary.details, ["field": "body", "reason": "invalid_value"])
    }

    // MARK: Raw responses

    func testReplyForms() throws {
        let (sms, _) = try route("POST", "/api/v1/callbacks/sms")
        let smsReply = try XCTUnwrap(sms.raw?.responseBody(for: ["matched": 3])).get()
        XCTAssertEqual(String(decoding: smsReply.bytes, as: UTF8.self), #"{"code":0,"msg":"成功"}"#)
        XCTAssertEqual(smsReply.contentType, "application/json; charset=utf-8")
        XCTAssertNil(smsReply.disposition)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(smsReply.bytes))
        XCTAssertNil(NotificationSchemas.smsAck.violation(of: decoded, at: "reply"), "the fixed reply is what the document says")

        let (wechat, _) = try route("POST", "/api/v1/callbacks/wechat")
        let ack = try XCTUnwrap(wechat.raw?.responseBody(for: ["matched": 0])).get()
        XCTAssertEqual(String(decoding: ack.bytes, as: UTF8.self), "success")
        XCTAssertEqual(ack.contentType, "text/plain; charset=utf-8")

        let (check, _) = try route("GET", "/api/v1/callbacks/wechat")
        let echoed = try XCTUnwrap(check.raw?.responseBody(for: "hello 回声")).get()
        XCTAssertEqual(String(decoding: echoed.bytes, as: UTF8.self), "hello 回声")
        guard case .failure(let notText)? = check.raw?.responseBody(for: ["x": 1]) else { return XCTFail() }
        XCTAssertEqual(notText.code, "internal")

        let (notices, _) = try route("GET", "/api/v1/notices")
        XCTAssertNil(notices.raw, "JSON routes keep the JSON path")
    }

    // MARK: WeChat's server-URL check

    func testEchostrOnlyWithTheRightSignature() {
        // The expected signature is computed with an independent SHA-1 (below).
        let token = "simtoken", timestamp = "1700000000", nonce = "48213"
        let good = WeChatServerCheck.signature(token: token, timestamp: timestamp, nonce: nonce)
        XCTAssertEqual(good, Self.sha1Hex([nonce, timestamp, token].sorted().joined()))
        XCTAssertEqual(try? WeChatServerCheck.answer(token: token, signature: good, timestamp: timestamp, nonce: nonce, echostr: "e-123").get(),
                       "e-123")
        XCTAssertEqual(try? WeChatServerCheck.answer(token: token, signature: good.uppercased(), timestamp: timestamp, nonce: nonce,
                                                     echostr: "e").get(), "e", "hex case does not matter")
        let bad: [(String?, String, String, String)] = [
            (token, String(good.dropLast()) + (good.last == "0" ? "1" : "0"), timestamp, nonce),  // one digit off
            (token, good, "1700000001", nonce),  // another timestamp
            (token, good, timestamp, "48214"),
            ("othertoken", good, timestamp, nonce),
            (nil, good, timestamp, nonce),  // no token configured: never
            ("", WeChatServerCheck.signature(token: "", timestamp: timestamp, nonce: nonce), timestamp, nonce),
            (token, "", timestamp, nonce),
        ]
        for (t, signature, ts, n) in bad {
            guard case .failure(let error) = WeChatServerCheck.answer(token: t, signature: signature, timestamp: ts, nonce: n, echostr: "e") else {
                return XCTFail("accepted \(signature) \(ts) \(n)")
            }
            XCTAssertEqual(error.code, "http.signature_invalid")
            XCTAssertEqual(ErrorStatus.status(for: error.code), 403)
        }
        let input: JSONValue = ["signature": .string(good), "timestamp": .string(timestamp), "nonce": .string(nonce), "echostr": "abc"]
        XCTAssertEqual(try? WeChatServerCheck.answer(token: token, input: input).get(), "abc")
        XCTAssertEqual(ErrorStatus.status(for: "notifications.signature_invalid"), 403, "a forged push is refused, not 422")
    }

    /// SHA-1 written out (FIPS 180-4), so the test does not use the code it checks.
    static func sha1Hex(_ text: String) -> String {
        var message = Array(text.utf8)
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        for chunk in stride(from: 0, to: message.count, by: 64) {
            var w = [UInt32](repeating: 0, count: 80)
            for i in 0..<16 {
                w[i] = message[chunk + 4 * i ..< chunk + 4 * i + 4].reduce(0) { $0 << 8 | UInt32($1) }
            }
            for i in 16..<80 { let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]; w[i] = x << 1 | x >> 31 }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch i {
                case 0..<20: ((b & c) | (~b & d), 0x5A827999)
                case 20..<40: (b ^ c ^ d, 0x6ED9EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1BBCDC)
                default: (b ^ c ^ d, 0xCA62C1D6)
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, t)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }

    // MARK: The document

    func testCallbacksAreDocumentedWithTheirRealMediaTypes() throws {
        let document = OpenAPI.document(table)
        let sms = try XCTUnwrap(document["paths"]?["/api/v1/callbacks/sms"]?["post"])
        XCTAssertEqual(sms["security"], [])
        XCTAssertEqual(sms["x-bus-type"], .string(NotificationsType.callbackSms))
        XCTAssertEqual(sms["requestBody"]?["content"]?["application/json"]?["schema"]?["type"], "array")
        XCTAssertEqual(sms["requestBody"]?["required"], true)
        XCTAssertEqual(sms["responses"]?["200"]?["content"]?["application/json"]?["schema"], .object(NotificationSchemas.smsAck.json))

        let push = try XCTUnwrap(document["paths"]?["/api/v1/callbacks/wechat"]?["post"])
        guard case .object(let pushContent)? = push["requestBody"]?["content"] else { return XCTFail() }
        XCTAssertEqual(Set(pushContent.keys), ["application/xml", "text/xml"])
        XCTAssertEqual(pushContent["application/xml"]?["schema"]?["type"], "string")
        guard case .object(let ackContent)? = push["responses"]?["200"]?["content"] else { return XCTFail() }
        XCTAssertEqual(Set(ackContent.keys), ["text/plain"])
        XCTAssertEqual(ackContent["text/plain"]?["schema"]?["enum"], ["success"])
        guard case .array(let parameters)? = push["parameters"] else { return XCTFail() }
        let required = parameters.compactMap { p -> String? in
            if p["required"] == true, case .string(let name)? = p["name"] { name } else { nil }
        }
        XCTAssertEqual(Set(required), ["signature", "timestamp", "nonce"])

        let check = try XCTUnwrap(document["paths"]?["/api/v1/callbacks/wechat"]?["get"])
        XCTAssertNil(check["requestBody"])
        XCTAssertEqual(check["responses"]?["200"]?["content"]?["text/plain"]?["schema"]?["type"], "string")
        XCTAssertNil(check["responses"]?["200"]?["content"]?["application/json"])

        let publish = try XCTUnwrap(document["paths"]?["/api/v1/notices"]?["post"])
        XCTAssertEqual(publish["security"], [["bearerAuth": []]])
        XCTAssertEqual(publish["requestBody"]?["content"]?["application/json"]?["schema"], .object(NotificationSchemas.publish.json))
    }
}
