import Foundation
import NIOHTTP1
import Schema

/// WeChat Pay API v3 over HTTP: Native orders (the QR flow on a PC), 查询订单 and 退款, each request
/// signed with the merchant key and each 2xx answer believed only with the platform's signature.
public struct WeChatPayGateway: JSAPIProvider {
    public let channel = PaymentChannel.wechatpay
    let merchant: WeChatPayMerchant

    public init(merchant: WeChatPayMerchant) { self.merchant = merchant }

    public func start(orderId: String, totalFen: Int64, subject: String, expiresAt: Date) async throws(ErrorBody) -> String {
        let request: WeChatPayRequest
        do { request = try merchant.requests.native(orderId: orderId, totalFen: totalFen, description: subject, expiresAt: expiresAt, now: Date()) }
        catch { throw ErrorBody.providerFailed("request") }
        let reply = try await send(request, verified: true)
        guard let object = Self.object(reply.body), let url = object["code_url"] as? String, !url.isEmpty else {
            throw ErrorBody.providerFailed("no_code_url")
        }
        return url
    }

    /// JSAPI (inside the WeChat browser): prepay_id, then the parameters the page hands to WeChat, signed.
    public func startJSAPI(orderId: String, totalFen: Int64, subject: String, expiresAt: Date, openid: String) async throws(ErrorBody)
        -> JSAPIParameters {
        let request: WeChatPayRequest
        do {
            request = try merchant.requests.jsapi(orderId: orderId, totalFen: totalFen, description: subject, openid: openid,
                                                  expiresAt: expiresAt, now: Date())
        } catch { throw ErrorBody.providerFailed("request") }
        let reply = try await send(request, verified: true)
        guard let object = Self.object(reply.body), let prepayId = object["prepay_id"] as? String, !prepayId.isEmpty else {
            throw ErrorBody.providerFailed("no_prepay_id")
        }
        do {
            let p = try merchant.requests.jsapiParameters(prepayId: prepayId, now: Date())
            return JSAPIParameters(appId: p.appId, timeStamp: p.timeStamp, nonceStr: p.nonceStr, package: p.package,
                                   signType: p.signType, paySign: p.paySign)
        } catch { throw ErrorBody.providerFailed("sign") }
    }

    public func query(orderId: String) async throws(ErrorBody) -> ProviderTrade? {
        let request: WeChatPayRequest
        do { request = try merchant.requests.query(orderId: orderId, now: Date()) } catch { throw ErrorBody.providerFailed("request") }
        let reply: (status: Int, headers: [String: String], body: Data)
        do { reply = try await send(request, verified: false) } catch where error.details["reason"] == "ORDER_NOT_EXIST" { return nil }
        let trade: WeChatPayReplies.QueriedTrade
        do {
            trade = try WeChatPayReplies.verifiedTrade(headers: reply.headers, body: String(decoding: reply.body, as: UTF8.self),
                                                       orderId: orderId, merchant: merchant, now: Date())
        } catch {
            throw ErrorBody.providerFailed("response_signature")
        }
        return ProviderTrade(paid: trade.tradeState == "SUCCESS", state: trade.tradeState, tradeNo: trade.transactionId,
                             totalFen: trade.totalFen)
    }

    public func refund(orderId: String, requestNo: String, amountFen: Int64, reason: String) async throws(ErrorBody) {
        let request: WeChatPayRequest
        do {
            request = try merchant.requests.refund(orderId: orderId, refundId: requestNo, refundFen: amountFen, totalFen: amountFen,
                                                   reason: reason, now: Date())
        } catch { throw ErrorBody.providerFailed("request") }
        _ = try await send(request, verified: true)
    }

    /// Sends the signed request; a non-2xx answer is `payments.provider_failed` with WeChat's `code`.
    func send(_ request: WeChatPayRequest, verified: Bool) async throws(ErrorBody) -> (status: Int, headers: [String: String], body: Data) {
        guard let url = request.url(gatewayURL: merchant.gatewayURL) else { throw ErrorBody.providerFailed("url") }
        let reply = try await ProviderHTTP.send(provider: "wechatpay", HTTPMethod(rawValue: request.method), url.absoluteString,
                                                headers: request.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                                body: request.method == "GET" ? nil : request.body)
        guard (200..<300).contains(reply.status) else {
            throw ErrorBody.providerFailed(Self.object(reply.body)?["code"] as? String ?? "http_\(reply.status)")
        }
        if verified, WeChatPayReplies.verify(headers: reply.headers, body: String(decoding: reply.body, as: UTF8.self),
                                             merchant: merchant, now: Date()) != nil {
            throw ErrorBody.providerFailed("response_signature")
        }
        return reply
    }

    static func object(_ data: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
