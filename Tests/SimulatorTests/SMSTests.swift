import Foundation
import ProviderSimulatorCore
import XCTest

final class SMSTests: SimTestCase {
    /// The worked example from Aliyun's Dysmsapi signature documentation.
    func testSignatureMatchesAliyunDocumentedExample() {
        let params: [String: String] = [
            "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
            "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用",
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
            "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007", "TemplateParam": "{\"customer\":\"test\"}",
            "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25",
        ]
        let expected = "zJDF+Lrzhj/ThnlvIToysFRq6t4="
        XCTAssertEqual(Self.aliyunSign(method: "GET", params: params, secret: "testSecret"), expected)
        XCTAssertEqual(AliyunSignature.sign(method: "GET", params: params.map { ($0.key, $0.value) }, secret: "testSecret"),
                       expected)
        XCTAssertEqual(AliyunSignature.percentEncode("a b*c~d/é+"), "a%20b%2Ac~d%2F%C3%A9%2B")
    }

    func testSignedSendSmsIsAcceptedAndTamperedOneRefused() async throws {
        let ok = try await sendSms(phone: "13800138000", outId: "n-1")
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok.json["Code"] as? String, "OK")
        XCTAssertFalse((ok.json["BizId"] as? String ?? "").isEmpty)
        XCTAssertFalse((ok.json["RequestId"] as? String ?? "").isEmpty)

        // Form-encoded POST is signed with "POST".
        let viaPost = try await aliyun("SendSms", ["PhoneNumbers": "13800138001", "SignName": "党建云",
                                                   "TemplateCode": "SMS_1", "TemplateParam": "{\"code\":\"1 2*3\"}"],
                                       method: "POST")
        XCTAssertEqual(viaPost.json["Code"] as? String, "OK", String(decoding: viaPost.body, as: UTF8.self))

        let tampered = try await aliyun("SendSms", ["PhoneNumbers": "13800138000", "SignName": "党建云",
                                                    "TemplateCode": "SMS_1"]) { $0["PhoneNumbers"] = "13900139000" }
        XCTAssertEqual(tampered.status, 400)
        XCTAssertEqual(tampered.json["Code"] as? String, "SignatureDoesNotMatch")

        let wrongSecret = try await aliyun("SendSms", ["PhoneNumbers": "13800138000", "SignName": "x", "TemplateCode": "SMS_1"],
                                           secret: "other")
        XCTAssertEqual(wrongSecret.json["Code"] as? String, "SignatureDoesNotMatch")

        let unknownKey = try await aliyun("SendSms", ["PhoneNumbers": "13800138000", "SignName": "x", "TemplateCode": "SMS_1"],
                                          keyID: "nobody")
        XCTAssertEqual(unknownKey.json["Code"] as? String, "InvalidAccessKeyId.NotFound")

        let nonce = UUID().uuidString
        let first = try await aliyun("SendSms", ["PhoneNumbers": "13800138002", "SignName": "x", "TemplateCode": "SMS_1"],
                                     nonce: nonce)
        XCTAssertEqual(first.json["Code"] as? String, "OK")
        let replay = try await aliyun("SendSms", ["PhoneNumbers": "13800138002", "SignName": "x", "TemplateCode": "SMS_1"],
                                      nonce: nonce)
        XCTAssertEqual(replay.json["Code"] as? String, "SignatureNonceUsed")

        let stats = try await stats("sms")
        XCTAssertEqual(stats["accepted"], 3)
        XCTAssertEqual(stats["rejected"], 4)
    }

    func testSendSmsIsRecordedWithParsedTemplateParam() async throws {
        _ = try await sendSms(phone: "13700137000", code: "000000")
        let r = try await sendSms(phone: "+8613800138000", code: "482913", outId: "verify-42")
        XCTAssertEqual(r.json["Code"] as? String, "OK")

        let list = try await get("/_sim/sms/messages?phone=13800138000").json
        let messages = try XCTUnwrap(list["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.count, 1)
        let m = messages[0]
        XCTAssertEqual(m["phone"] as? String, "13800138000")
        XCTAssertEqual((m["templateParam"] as? [String: Any])?["code"] as? String, "482913")
        XCTAssertEqual(m["outId"] as? String, "verify-42")
        XCTAssertEqual(m["signName"] as? String, "党建云")
        XCTAssertEqual(m["templateCode"] as? String, "SMS_123456789")
        XCTAssertEqual(m["bizId"] as? String, r.json["BizId"] as? String)

        let got17 = try await get("/_sim/sms/messages").json["messages"] as? [[String: Any]]
        let all = try XCTUnwrap(got17)
        XCTAssertEqual(all.count, 2)
        let future = try await get("/_sim/sms/messages?since=\(Int(Date().timeIntervalSince1970) + 60)").json
        XCTAssertEqual(int(future["count"]), 0)
    }

    func testQuerySendDetailsFindsMessageByPhoneDateBizIdAndOutId() async throws {
        let a = try await sendSms(phone: "13600136000", code: "1", outId: "out-a")
        _ = try await sendSms(phone: "13600136000", code: "2", outId: "out-b")
        _ = try await sendSms(phone: "13600136001", code: "3", outId: "out-c")
        try await Task.sleep(nanoseconds: 200_000_000) // reportDelayMs is 20 in tests

        let today = Self.chinaDay()
        let all = try await aliyun("QuerySendDetails", ["PhoneNumber": "13600136000", "SendDate": today,
                                                        "PageSize": "10", "CurrentPage": "1"])
        XCTAssertEqual(all.json["Code"] as? String, "OK")
        XCTAssertEqual(int(all.json["TotalCount"]), 2)
        let dtos = try XCTUnwrap((all.json["SmsSendDetailDTOs"] as? [String: Any])?["SmsSendDetailDTO"] as? [[String: Any]])
        XCTAssertEqual(Set(dtos.compactMap { $0["OutId"] as? String }), ["out-a", "out-b"])
        let b = try XCTUnwrap(dtos.first { $0["OutId"] as? String == "out-b" })
        XCTAssertEqual(b["PhoneNum"] as? String, "13600136000")
        XCTAssertEqual(int(b["SendStatus"]), 3)
        XCTAssertEqual(b["ErrCode"] as? String, "DELIVERED")
        XCTAssertEqual(b["TemplateCode"] as? String, "SMS_123456789")
        XCTAssertFalse((b["ReceiveDate"] as? String ?? "").isEmpty)

        let byBiz = try await aliyun("QuerySendDetails", ["PhoneNumber": "13600136000", "SendDate": today, "PageSize": "10",
                                                          "CurrentPage": "1", "BizId": a.json["BizId"] as! String])
        let bizDtos = (byBiz.json["SmsSendDetailDTOs"] as? [String: Any])?["SmsSendDetailDTO"] as? [[String: Any]]
        XCTAssertEqual(int(byBiz.json["TotalCount"]), 1)
        XCTAssertEqual(bizDtos?.first?["OutId"] as? String, "out-a")

        let paged = try await aliyun("QuerySendDetails", ["PhoneNumber": "13600136000", "SendDate": today,
                                                          "PageSize": "1", "CurrentPage": "2"])
        let pageDtos = (paged.json["SmsSendDetailDTOs"] as? [String: Any])?["SmsSendDetailDTO"] as? [[String: Any]]
        XCTAssertEqual(pageDtos?.count, 1)
        XCTAssertEqual(pageDtos?.first?["OutId"] as? String, "out-b")

        let otherDay = try await aliyun("QuerySendDetails", ["PhoneNumber": "13600136000", "SendDate": "20200101",
                                                             "PageSize": "10", "CurrentPage": "1"])
        XCTAssertEqual(int(otherDay.json["TotalCount"]), 0)

        // The test control view answers by OutId too (what the platform checks after a crash).
        let byOut = try await get("/_sim/sms/messages?outId=out-c").json
        XCTAssertEqual(int(byOut["count"]), 1)
    }

    func testInvalidPhoneAndMissingParameter() async throws {
        let bad = try await sendSms(phone: "1234")
        XCTAssertEqual(bad.status, 200)
        XCTAssertEqual(bad.json["Code"] as? String, "isv.MOBILE_NUMBER_ILLEGAL")
        let missing = try await aliyun("SendSms", ["SignName": "x", "TemplateCode": "SMS_1"])
        XCTAssertEqual(missing.json["Code"] as? String, "MissingPhoneNumbers")
        let badJSON = try await aliyun("SendSms", ["PhoneNumbers": "13800138000", "SignName": "x", "TemplateCode": "SMS_1",
                                                   "TemplateParam": "{code:1"])
        XCTAssertEqual(badJSON.json["Code"] as? String, "isv.INVALID_JSON_PARAM")
        let recorded = try await get("/_sim/sms/messages").json
        XCTAssertEqual(int(recorded["count"]), 0)
    }

    func testRateLimitAnswersBusinessLimitControl() async throws {
        try await control(["provider": "sms", "rateLimitPerSecond": 2])
        var codes: [String] = []
        for i in 0..<5 {
            let r = try await sendSms(phone: "1380013800\(i)")
            XCTAssertEqual(r.status, 200)
            codes.append(r.json["Code"] as? String ?? "?")
        }
        XCTAssertEqual(codes.filter { $0 == "OK" }.count, 2, "\(codes)")
        XCTAssertEqual(codes.filter { $0 == "isv.BUSINESS_LIMIT_CONTROL" }.count, 3, "\(codes)")
        let limited = try await sendSms(phone: "13900139000")
        XCTAssertEqual(limited.json["Message"] as? String, "触发分钟级流控Permits:1")
        let stats = try await stats("sms")
        XCTAssertEqual(stats["rate_limited"], 4)
        XCTAssertEqual(stats["accepted"], 2)

        try await control(["provider": "sms", "rateLimitPerSecond": NSNull()])
        for i in 0..<5 {
            let r = try await sendSms(phone: "1370013700\(i)")
            XCTAssertEqual(r.json["Code"] as? String, "OK")
        }
    }

    func testRateLimitCountsEveryNumberOfARequest() async throws {
        try await control(["provider": "sms", "rateLimitPerSecond": 3])
        let three = try await sendSms(phone: "13800138001,13800138002,13800138003")
        XCTAssertEqual(three.json["Code"] as? String, "OK")
        let fourth = try await sendSms(phone: "13800138004")
        XCTAssertEqual(fourth.json["Code"] as? String, "isv.BUSINESS_LIMIT_CONTROL", "the three numbers used the second's allowance")
        let stats = try await stats("sms")
        XCTAssertEqual(stats["accepted"], 3)
        XCTAssertEqual(stats["rate_limited"], 1)
    }

    func testFailNextFailsExactlyThatManySends() async throws {
        try await control(["provider": "sms", "failNext": 2, "failWith": "isv.AMOUNT_NOT_ENOUGH"])
        let first = try await sendSms(phone: "13800138000")
        let second = try await sendSms(phone: "13800138000")
        let third = try await sendSms(phone: "13800138000")
        XCTAssertEqual(first.json["Code"] as? String, "isv.AMOUNT_NOT_ENOUGH")
        XCTAssertEqual(second.json["Code"] as? String, "isv.AMOUNT_NOT_ENOUGH")
        XCTAssertEqual(third.json["Code"] as? String, "OK")
        let list = try await get("/_sim/sms/messages").json
        XCTAssertEqual(int(list["count"]), 1)

        try await control(["provider": "sms", "failNext": 1, "failWith": "http:503"])
        let unavailable = try await sendSms(phone: "13800138000")
        XCTAssertEqual(unavailable.status, 503)
        let stats = try await stats("sms")
        XCTAssertEqual(stats["injected_failures"], 3)
    }

    func testDuplicateOutIdIsCountedAndResetClears() async throws {
        _ = try await sendSms(phone: "13800138000", outId: "same")
        _ = try await sendSms(phone: "13800138000", outId: "same")
        var stats = try await stats("sms")
        XCTAssertEqual(stats["accepted"], 2)
        XCTAssertEqual(stats["duplicates"], 1)

        let reset = try await request("POST", "/_sim/reset")
        XCTAssertEqual(reset.status, 200)
        stats = try await self.stats("sms")
        XCTAssertEqual(stats["accepted"], 0)
        let got18 = int(try await get("/_sim/sms/messages").json["count"])
        XCTAssertEqual(got18, 0)
    }
}
