import Crypto
import Foundation
import NIOHTTP1
import Schema

/// WeChat Pay v3 申请交易账单: `GET /v3/bill/tradebill?bill_date=&bill_type=ALL` (signed; its answer
/// verified with the platform key) gives `download_url` and the file's SHA1; the file is fetched with
/// a signed GET and believed only if its SHA1 matches.
public struct WeChatPayBillDownload: StatementSource {
    public let channel = StatementChannel.wechatpay
    let merchant: WeChatPayMerchant

    public init(merchant: WeChatPayMerchant) { self.merchant = merchant }

    public func statement(for day: BeijingDay) async throws(ErrorBody) -> ProviderStatement {
        let data = try await file(for: day)
        do { return try WeChatTradeBill.parse(data) } catch { throw ErrorBody.statementFailed(channel, "\(error)") }
    }

    /// The bill's bytes, SHA1 checked.
    public func file(for day: BeijingDay) async throws(ErrorBody) -> Data {
        let gateway = WeChatPayGateway(merchant: merchant)
        let apply: WeChatPayRequest
        do { apply = try merchant.requests.signed("GET", "/v3/bill/tradebill?bill_date=\(day)&bill_type=ALL", now: Date(), nonce: WeChatPayRequests.nonce(), body: nil) }
        catch { throw ErrorBody.statementFailed(channel, "request") }
        let reply: (status: Int, headers: [String: String], body: Data)
        do { reply = try await gateway.send(apply, verified: true) } catch { throw ErrorBody.statementFailed(channel, error.details["reason"] ?? error.code) }
        guard let object = WeChatPayGateway.object(reply.body), let url = object["download_url"] as? String,
              let components = URLComponents(string: url), let hashType = object["hash_type"] as? String,
              let hashValue = object["hash_value"] as? String else { throw ErrorBody.statementFailed(channel, "no_download_url") }
        guard hashType == "SHA1" else { throw ErrorBody.statementFailed(channel, "hash_type_\(hashType)") }
        // The download is signed like any call; its path (with the token) is what the signature covers.
        let path = components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        let download: WeChatPayRequest
        do { download = try merchant.requests.signed("GET", path, now: Date(), nonce: WeChatPayRequests.nonce(), body: nil) }
        catch { throw ErrorBody.statementFailed(channel, "request") }
        let file: (status: Int, headers: [String: String], body: Data)
        do {
            file = try await ProviderHTTP.send(provider: "wechatpay", .GET, url, headers: download.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                               body: nil, limit: StatementDownload.limit)
        } catch { throw ErrorBody.statementFailed(channel, "unreachable") }
        guard file.status == 200 else { throw ErrorBody.statementFailed(channel, "http_\(file.status)") }
        let digest = Insecure.SHA1.hash(data: file.body).lowercaseHex
        guard digest == hashValue.lowercased() else { throw ErrorBody.statementFailed(channel, "hash_mismatch") }
        return file.body
    }
}
