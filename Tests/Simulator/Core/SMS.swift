import FlyingFox
import Foundation

/// Aliyun Dysmsapi (RPC style, Version 2017-05-25): SendSms and QuerySendDetails on `/`.
extension SimCore {
    static let smsRequiredCommon = [
        "AccessKeyId", "Action", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp", "Version",
        "Signature",
    ]

    func smsError(_ code: String, _ message: String, status: HTTPStatusCode = .badRequest) -> HTTPResponse {
        state.reject(.sms)
        return aliyunError(code, message, status: status)
    }

    func aliyunError(_ code: String, _ message: String, status: HTTPStatusCode) -> HTTPResponse {
        json(["Code": code, "Message": message, "RequestId": IDs.requestID()], status: status)
    }

    func handleSms(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .POST else {
            return aliyunError("UnsupportedHTTPMethod", "Specified HTTP method is not supported.", status: .methodNotAllowed)
        }
        await sleepIfAsked(.sms)
        var params = Form.parse(request.target.query(percentEncoded: true))
        if request.method == .POST {
            let body = try await request.bodyData
            params += Form.parse(String(decoding: body, as: UTF8.self))
        }
        var p: [String: String] = [:]
        for (k, v) in params where p[k] == nil { p[k] = v }

        for name in Self.smsRequiredCommon where (p[name] ?? "").isEmpty {
            return smsError("Missing\(name)", "\(name) is mandatory for this action.")
        }
        guard let secret = config.smsAccessKeys[p["AccessKeyId"]!] else {
            return smsError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", status: .notFound)
        }
        guard p["SignatureMethod"] == "HMAC-SHA1" else {
            return smsError("InvalidSignatureMethod", "Specified signature method is not supported.")
        }
        guard p["SignatureVersion"] == "1.0" else {
            return smsError("InvalidSignatureVersion", "Specified signature version is not supported.")
        }
        guard p["Version"] == "2017-05-25" else {
            return smsError("InvalidVersion", "Specified parameter Version is not valid.")
        }
        guard let ts = Clock.parseISO8601UTC(p["Timestamp"]!) else {
            return smsError("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
        }
        guard abs(ts - Clock.now()) <= 15 * 60 else {
            return smsError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        }
        let expected = AliyunSignature.sign(method: request.method.rawValue, params: params, secret: secret)
        guard expected == p["Signature"] else {
            let sts = AliyunSignature.stringToSign(method: request.method.rawValue, params: params)
            return smsError(
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation. server string to sign is:\(sts)")
        }
        let nonceFresh = state.withLock { state.nonces.insert(p["SignatureNonce"]!).inserted }
        guard nonceFresh else {
            return smsError("SignatureNonceUsed", "Specified signature nonce was used already.")
        }

        switch p["Action"]! {
        case "SendSms": return sendSms(p)
        case "QuerySendDetails": return querySendDetails(p)
        default:
            return smsError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.",
                            status: .notFound)
        }
    }

    /// Mainland mobile, optionally prefixed +86 / 0086 / 86; returns the 11-digit number.
    static func normalizeMobile(_ raw: String) -> String? {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("+86") { s = s.dropFirst(3) } else if s.hasPrefix("0086") { s = s.dropFirst(4) }
        else if s.hasPrefix("86"), s.count == 13 { s = s.dropFirst(2) }
        let b = Array(s.utf8)
        guard b.count == 11, b[0] == UInt8(ascii: "1"), b[1] >= UInt8(ascii: "3"), b[1] <= UInt8(ascii: "9"),
              b.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return String(s)
    }

    func sendSms(_ p: [String: String]) -> HTTPResponse {
        for name in ["PhoneNumbers", "SignName", "TemplateCode"] where (p[name] ?? "").isEmpty {
            return smsError("Missing\(name)", "\(name) is mandatory for this action.")
        }
        let rawPhones = p["PhoneNumbers"]!.split(separator: ",", omittingEmptySubsequences: false)
        guard rawPhones.count <= 1000 else {
            return smsError("isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制", status: .ok)
        }
        var phones: [String] = []
        for raw in rawPhones {
            guard let phone = Self.normalizeMobile(String(raw)) else {
                return smsError("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", status: .ok)
            }
            phones.append(phone)
        }
        let templateParam = p["TemplateParam"].flatMap { $0.isEmpty ? nil : $0 }
        if let tp = templateParam, JSONValue.object(tp) == nil {
            return smsError("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值", status: .ok)
        }
        let outId = p["OutId"].flatMap { $0.isEmpty ? nil : $0 }
        let requestId = IDs.requestID()
        let now = Clock.now()

        let outcome: Admission
        var bizId = ""
        (outcome, bizId) = state.withLock {
            let admission = state.admitLocked(.sms, cost: phones.count)
            guard case .ok = admission else { return (admission, "") }
            state.bizCounter += 1
            let biz = "\(900_000_000_000_000 + state.bizCounter)^0"
            for phone in phones {
                let index = state.sms.count
                var record = SmsRecord(
                    seq: index + 1, phone: phone, signName: p["SignName"]!, templateCode: p["TemplateCode"]!,
                    templateParam: templateParam, outId: outId, bizId: biz, requestId: requestId, receivedAt: now)
                if let outId {
                    if !state.smsOutIds.insert(outId + "|" + phone).inserted {
                        record.duplicateOutId = true
                        state.stats[.sms]!.duplicates += 1
                    }
                }
                state.sms.append(record)
                state.smsByPhone[phone, default: []].append(index)
                state.smsByBizId[biz, default: []].append(index)
                state.stats[.sms]!.accepted += 1
                state.scheduleReport(.sms, index: index)
            }
            return (admission, biz)
        }
        switch outcome {
        case .ok:
            let body = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"\(bizId)\",\"RequestId\":\"\(requestId)\"}"
            return HTTPResponse(statusCode: .ok, headers: Self.jsonHeaders, body: Data(body.utf8))
        case .rateLimited:
            return json(["Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1", "RequestId": requestId])
        case .fail(let code):
            return injectedSmsFailure(code, requestId: requestId)
        }
    }

    func injectedSmsFailure(_ code: String?, requestId: String) -> HTTPResponse {
        let code = code ?? "isp.SYSTEM_ERROR"
        if code.hasPrefix("http:"), let status = Int(code.dropFirst(5)) {
            return json(["Code": "ServiceUnavailable", "Message": "The request has failed due to a temporary failure of the server.",
                         "RequestId": requestId], status: HTTPStatusCode(status, phrase: "Simulated"))
        }
        let messages = [
            "isp.SYSTEM_ERROR": "系统错误", "isv.BUSINESS_LIMIT_CONTROL": "触发分钟级流控Permits:1",
            "isv.AMOUNT_NOT_ENOUGH": "账户余额不足", "isv.MOBILE_NUMBER_ILLEGAL": "非法手机号",
            "isv.OUT_OF_SERVICE": "业务停机", "isv.DAY_LIMIT_CONTROL": "触发日发送限额",
        ]
        return json(["Code": code, "Message": messages[code] ?? "simulated failure", "RequestId": requestId])
    }

    func querySendDetails(_ p: [String: String]) -> HTTPResponse {
        for name in ["PhoneNumber", "SendDate", "PageSize", "CurrentPage"] where (p[name] ?? "").isEmpty {
            return smsError("Missing\(name)", "\(name) is mandatory for this action.")
        }
        guard let phone = Self.normalizeMobile(p["PhoneNumber"]!) else {
            return smsError("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", status: .ok)
        }
        let day = p["SendDate"]!
        guard day.count == 8, day.allSatisfy(\.isNumber) else {
            return smsError("isv.INVALID_PARAMETERS", "SendDate格式错误，应为yyyyMMdd", status: .ok)
        }
        guard let pageSize = Int(p["PageSize"]!), (1...50).contains(pageSize),
              let page = Int(p["CurrentPage"]!), page >= 1 else {
            return smsError("isv.INVALID_PARAMETERS", "PageSize须在1到50之间，CurrentPage从1开始", status: .ok)
        }
        let bizId = p["BizId"].flatMap { $0.isEmpty ? nil : $0 }
        let matches: [SmsRecord] = state.withLock {
            (state.smsByPhone[phone] ?? []).lazy.map { self.state.sms[$0] }
                .filter { Clock.chinaDay($0.receivedAt) == day && (bizId == nil || $0.bizId == bizId) }
        }
        let pageItems = matches.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let dtos: [[String: Any]] = pageItems.map { r in
            var dto: [String: Any] = [
                "PhoneNum": r.phone, "SendStatus": r.sendStatus, "ErrCode": r.errCode, "TemplateCode": r.templateCode,
                "Content": r.content, "SendDate": Clock.chinaDateTime(r.receivedAt),
                "ReceiveDate": r.reportedAt.map { Clock.chinaDateTime($0) } ?? "",
            ]
            if let outId = r.outId { dto["OutId"] = outId }
            return dto
        }
        return json([
            "Code": "OK", "Message": "OK", "RequestId": IDs.requestID(), "TotalCount": matches.count,
            "SmsSendDetailDTOs": ["SmsSendDetailDTO": dtos],
        ])
    }
}
