import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange with a gateway under test, as the system tests make them.
struct GatewayReply {
    let status: Int
    let data: Data
    let json: [String: Any]
    /// Lower-cased names.
    let headers: [String: String]
    var code: String? { json["code"] as? String }
    var field: String? { (json["details"] as? [String: Any])?["field"] as? String }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    subscript(key: String) -> Any? { json[key] }
}

/// A JSON request to `base + path`, with a bearer token and an Idempotency-Key when given.
func gatewayRequest(_ base: String, _ method: String, _ path: String, json: [String: Any]? = nil, token: String? = nil,
                    idempotencyKey: String? = nil) async throws -> GatewayReply {
    var request = URLRequest(url: URL(string: base + path)!)
    request.httpMethod = method
    request.timeoutInterval = 20
    if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
    if let json {
        request.httpBody = try JSONSerialization.data(withJSONObject: json)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = response as! HTTPURLResponse
    let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    var fields: [String: String] = [:]
    for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
    return GatewayReply(status: http.statusCode, data: data, json: object, headers: fields)
}

/// The verification codes the SMS simulator at `simulatorURL` received for `phone`, oldest first.
func simulatorSMSCodes(_ simulatorURL: String, to phone: String) async throws -> [String] {
    let url = URL(string: "\(simulatorURL)/_sim/sms/messages?phone=\(phone)")!
    let (data, _) = try await URLSession.shared.data(from: url)
    let object = try JSONSerialization.jsonObject(with: data)
    let messages = (object as? [[String: Any]]) ?? ((object as? [String: Any])?["messages"] as? [[String: Any]]) ?? []
    return messages.compactMap { ($0["templateParam"] as? [String: Any])?["code"] as? String }
}
