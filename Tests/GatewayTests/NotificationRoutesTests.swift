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
            ("POST", "/api/v1/notices", NotificationsAPI.noticePublish.type, .bearer),
            ("GET", "/api/v1/notices", NotificationsAPI.noticeList.type, .bearer),
            ("GET", "/api/v1/notices/n-1", NotificationsAPI.noticeGet.type, .bearer),
            ("GET", "/api/v1/notices/n-1/receipts", NotificationsAPI.noticeReceipts.type, .bearer),
            ("GET", "/api/v1/inbox", NotificationsAPI.inboxList.type, .bearer),
            ("POST", "/api/v1/inbox/read", NotificationsAPI.inboxRead.type, .bearer),
            ("GET", "/api/v1/inbox/unread-count", NotificationsAPI.inboxUnreadCount.type, .bearer),
            ("GET", "/api/v1/deliveries/d-1", NotificationsAPI.deliveryGet.type, .bearer),
            ("GET", "/api/v1/deliveries", NotificationsAPI.deliveryList.type, .bearer),
            ("POST", "/api/v1/callbacks/sms", NotificationsAPI.callbackSms.type, .none),
            ("POST", "/api/v1/callbacks/wechat", NotificationsAPI.callbackWechat.type, .none),
            ("GET", "/api/v1/callbacks/wechat", NotificationsAPI.callbackWechatCheck.type, .none),
        ]
        for (method, path, type, auth) in expected {
            let (route, _) = try route(method, path)
            XCTAssertEqual(route.busType, type, path)
            XCTAssertEqual(route.auth, auth, path)
            XCTAssertEqual(route.rateLimit == .callback, path.contains("/callbacks/"), "callbacks, and only they, are limited per address")
        }
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
        let (deliveries, _) = try route("GET", "/api/v1/deliveries")
        XCTAssertEqual(try RequestInput.build(route: deliveries, pathParameters: [:], query: [("noticeId", "n-1"), ("limit", "5")],
                                              body: []).get(), ["noticeId": "n-1", "limit": 5])
        XCTAssertEqual(try RequestInput.build(route: deliveries, pathParameters: [:], query: [("eventId", "e-1")], body: []).get(),
                       ["eventId": "e-1"])
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
        XCTAssertEqual(sms.response.json["const"], decoded, "the fixed reply is what the document says")

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

    // MARK: The document

    func testCallbacksAreDocumentedWithTheirRealMediaTypes() throws {
        let document = OpenAPI.document(table)
        let sms = try XCTUnwrap(document["paths"]?["/api/v1/callbacks/sms"]?["post"])
        XCTAssertEqual(sms["security"], [])
        XCTAssertEqual(sms["x-bus-type"], .string(NotificationsAPI.callbackSms.type))
        XCTAssertEqual(sms["requestBody"]?["content"]?["application/json"]?["schema"]?["type"], "array")
        XCTAssertEqual(sms["requestBody"]?["required"], true)
        XCTAssertEqual(sms["responses"]?["200"]?["content"]?["application/json"]?["schema"], .object(try route("POST", "/api/v1/callbacks/sms").0.response.json))

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
        XCTAssertEqual(publish["requestBody"]?["content"]?["application/json"]?["schema"], .object(try XCTUnwrap(try route("POST", "/api/v1/notices").0.body).json))
    }
}
