import Foundation
import GatewayApp
import GatewayCore
import Hummingbird
import Schema

/// A posted HTML form (`application/x-www-form-urlencoded`), read only after its CSRF token checked.
struct Form {
    var values: [String: String]
    /// Every value of each name, in order (checkboxes sharing a name).
    var lists: [String: [String]] = [:]

    subscript(_ name: String) -> String { values[name] ?? "" }

    func all(_ name: String) -> [String] { lists[name] ?? [] }

    /// Fields as typed, trimmed of surrounding spaces (passwords are kept exactly as typed).
    func trimmed(_ name: String) -> String { self[name].trimmingCharacters(in: .whitespacesAndNewlines) }

    static func parse(_ body: String) -> Form {
        var values: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if values[name] == nil { values[name] = value }
            lists[name, default: []].append(value)
        }
        return Form(values: values, lists: lists)
    }
}

/// A form post refused before anything was done: no CSRF token, or not this visitor's.
struct CSRFRefused: Error {}

extension PortalState {
    /// The posted form, refused (403 page) unless it carries this visitor's CSRF token.
    func form(_ request: Request, visit: Visit) async throws -> Form {
        let limit = gateway.settings.maxBodyBytes
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw ErrorBody.make(ErrorCode.httpPayloadTooLarge, details: ["limit": String(limit)])
        }
        let form = Form.parse(String(decoding: buffer.readableBytesView, as: UTF8.self))
        guard csrf.accepts(form.values[CSRF.field], visit: visit) else { throw CSRFRefused() }
        return form
    }

    /// The API's limits for the same acts, sharing their buckets: a form and a JSON call cost the same.
    func takeLogin(_ context: GatewayContext, account: String) throws(ErrorBody) {
        try take(gateway.settings.loginPerIP, "ip:" + context.clientAddress)
        try take(gateway.settings.loginPerAccount, "account:" + account.lowercased())
    }

    /// An open search (the 转入 form's 查找): the API's per-address limit of the same operation.
    func takeLoginIP(_ context: GatewayContext) throws(ErrorBody) {
        try take(gateway.settings.loginPerIP, "ip:" + context.clientAddress)
    }

    func takeSMS(_ context: GatewayContext, account: String) throws(ErrorBody) {
        try take(gateway.settings.smsPerIP, "ip:" + context.clientAddress)
        try take(gateway.settings.smsPerAccount, "account:" + account.lowercased())
    }

    private func take(_ limiter: RateLimiter, _ key: String) throws(ErrorBody) {
        let decision = limiter.take(key)
        guard decision.allowed else {
            throw ErrorBody.make(ErrorCode.httpRateLimited, details: ["retryAfter": String(decision.retryAfter)])
        }
    }
}
