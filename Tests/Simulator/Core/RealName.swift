import FlyingFox
import Foundation

/// Real-name (name + resident ID) verification in the API-marketplace shape: APPCODE auth, JSON in and out.
extension SimCore {
    static let realnameMessages = [0: "一致", 1: "不一致", 2: "无此记录"]

    static func isIDNumberShaped(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 18 || b.count == 15 else { return false }
        for (i, c) in b.enumerated() {
            let digit = c >= 48 && c <= 57
            let x = (c == UInt8(ascii: "X") || c == UInt8(ascii: "x")) && i == b.count - 1
            if !(digit || x) { return false }
        }
        return true
    }

    func gatewayError(_ status: HTTPStatusCode, _ message: String) -> HTTPResponse {
        var headers = Self.jsonHeaders
        headers[HTTPHeader("X-Ca-Error-Message")] = message
        return HTTPResponse(statusCode: status, headers: headers, body: JSONValue.data(["message": message]))
    }

    /// POST /realname/v1/verify, Authorization: APPCODE <code>, {"name","idNumber","bizId"}
    func realnameVerify(_ request: HTTPRequest) async throws -> HTTPResponse {
        await sleepIfAsked(.realname)
        let auth = request.headers[.authorization] ?? ""
        guard auth == "APPCODE \(config.realnameAppCode)" else {
            state.reject(.realname)
            return gatewayError(.unauthorized, "Invalid AppCode `\(auth.isEmpty ? "not exists" : "")`")
        }
        guard let body = JSONValue.object(try await request.bodyData) else {
            state.reject(.realname)
            return json(["code": -1, "message": "参数错误：请求体须为JSON对象"], status: .badRequest)
        }
        guard let name = (body["name"] as? String)?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            state.reject(.realname)
            return json(["code": -1, "message": "参数错误：name不能为空"], status: .badRequest)
        }
        guard let idNumber = (body["idNumber"] as? String)?.uppercased(), Self.isIDNumberShaped(idNumber) else {
            state.reject(.realname)
            return json(["code": -1, "message": "参数错误：idNumber格式不正确"], status: .badRequest)
        }
        let bizId = body["bizId"] as? String
        let orderNo = "RN" + Clock.chinaDay(Clock.now()) + IDs.random(18, alphabet: "0123456789")

        enum Outcome { case answered(Int), admission(Admission) }
        let outcome: Outcome = state.withLock {
            let admission = state.admitLocked(.realname)
            guard case .ok = admission else { return .admission(admission) }
            let code: Int
            if state.noRecord.contains(idNumber) { code = 2 }
            else if let registered = state.people[idNumber], registered != name { code = 1 }
            else { code = 0 }
            state.realname.append(RealnameRecord(
                seq: state.realname.count + 1, name: name, idNumber: idNumber, bizId: bizId, code: code,
                orderNo: orderNo, receivedAt: Clock.now()))
            state.stats[.realname]!.accepted += 1
            return .answered(code)
        }
        switch outcome {
        case .answered(let code):
            return json(["code": code, "message": Self.realnameMessages[code]!, "orderNo": orderNo])
        case .admission(.rateLimited):
            return gatewayError(.forbidden, "Throttled by APP Flow Control")
        case .admission(.fail(let failWith)):
            let failWith = failWith ?? "http:503"
            if failWith.hasPrefix("http:"), let status = Int(failWith.dropFirst(5)) {
                return gatewayError(HTTPStatusCode(status, phrase: "Simulated"), "Backend service unavailable")
            }
            return json(["code": Int(failWith) ?? -1, "message": "simulated failure", "orderNo": orderNo])
        case .admission(.ok):
            return json(["code": -1, "message": "unreachable"], status: .internalServerError)
        }
    }

    /// POST /_sim/realname/people {"idNumber", "name"?, "noRecord"?: bool}
    func realnamePeople(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let body = JSONValue.object(try await request.bodyData),
              let idNumber = (body["idNumber"] as? String)?.uppercased(), !idNumber.isEmpty else {
            return json(["error": "idNumber is required"], status: .badRequest)
        }
        let name = body["name"] as? String
        let noRecord = JSONValue.bool(body["noRecord"]) ?? false
        state.withLock {
            if noRecord { state.noRecord.insert(idNumber) } else { state.noRecord.remove(idNumber) }
            if let name { state.people[idNumber] = name }
        }
        return json(["idNumber": idNumber, "name": name as Any? ?? NSNull(), "noRecord": noRecord])
    }
}
