import Foundation
import Schema

/// Alipay 账单下载: `alipay.data.dataservice.bill.downloadurl.query` (bill_type trade), its answer
/// verified with Alipay's key like every gateway answer; the zip at `bill_download_url` carries no
/// signature of its own (the URL is signed and short-lived), so the URL must come from that answer.
public struct AlipayBillDownload: StatementSource {
    public let channel = StatementChannel.alipay
    let gateway: AlipayGateway

    public init(gateway: AlipayGateway) { self.gateway = gateway }

    public func statement(for day: BeijingDay) async throws(ErrorBody) -> ProviderStatement {
        let zip = try await file(for: day)
        do { return try AlipayBill.parse(zip: zip) } catch { throw ErrorBody.statementFailed(channel, "\(error)") }
    }

    public func file(for day: BeijingDay) async throws(ErrorBody) -> Data {
        let fields: [String: String]
        do {
            fields = try gateway.requests.signed("alipay.data.dataservice.bill.downloadurl.query", now: Date(), notify: false,
                                                 biz: ["bill_type": "trade", "bill_date": day.description])
        } catch { throw ErrorBody.statementFailed(channel, "sign") }
        let reply: [String: Any]
        do { reply = try await gateway.call(fields) } catch { throw ErrorBody.statementFailed(channel, error.details["reason"] ?? error.code) }
        guard let url = reply["bill_download_url"] as? String, !url.isEmpty else { throw ErrorBody.statementFailed(channel, "no_bill_download_url") }
        let file: (status: Int, headers: [String: String], body: Data)
        do { file = try await ProviderHTTP.send(provider: "alipay", .GET, url, headers: [], body: nil, limit: StatementDownload.limit) }
        catch { throw ErrorBody.statementFailed(channel, "unreachable") }
        guard file.status == 200 else { throw ErrorBody.statementFailed(channel, "http_\(file.status)") }
        return file.body
    }
}
