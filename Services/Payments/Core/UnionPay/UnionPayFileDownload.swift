import Foundation
import Schema

/// UnionPay 文件传输 (txnType 76, fileType 00): the day's settlement files for our merId, answered with
/// `fileContent` — the zip deflated (zlib) and base64 — inside UnionPay's signed answer, so the
/// signature covers the file. The 流水文件 `INN<yyMMdd>88ZM_<merId>` is read from the zip.
public struct UnionPayFileDownload: StatementSource {
    public let channel = StatementChannel.unionpay
    let merchant: UnionPayMerchant

    public init(merchant: UnionPayMerchant) { self.merchant = merchant }

    public func statement(for day: BeijingDay) async throws(ErrorBody) -> ProviderStatement {
        let zm = try await zmFile(for: day)
        do { return try UnionPayStatement.parse(zm, day: day) } catch { throw ErrorBody.statementFailed(channel, "\(error)") }
    }

    /// The ZM file's bytes.
    public func zmFile(for day: BeijingDay) async throws(ErrorBody) -> Data {
        let mmdd = String(day.description.replacingOccurrences(of: "-", with: "").suffix(4))
        let fields: [String: String]
        do {
            fields = try merchant.requests.signed(["txnType": "76", "txnSubType": "01", "bizType": "000000", "settleDate": mmdd,
                                                   "txnTime": UnionPayText.beijing(Date()), "fileType": "00"])
        } catch { throw ErrorBody.statementFailed(channel, "sign") }
        let reply: (status: Int, headers: [String: String], body: Data)
        do {
            reply = try await ProviderHTTP.send(provider: "unionpay", .POST, merchant.fileTransURL, headers: [("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")],
                                                body: Data(FormEncoding.encode(fields).utf8), limit: StatementDownload.limit)
        } catch { throw ErrorBody.statementFailed(channel, "unreachable") }
        guard reply.status == 200 else { throw ErrorBody.statementFailed(channel, "http_\(reply.status)") }
        guard let answer = UnionPayText.answerFields(String(decoding: reply.body, as: UTF8.self)),
              UnionPaySignature.isValid(answer, key: merchant.unionPayPublicKey) else {
            throw ErrorBody.statementFailed(channel, "response_signature")
        }
        guard answer["merId"] == merchant.merId else { throw ErrorBody.statementFailed(channel, "merId") }
        guard answer["respCode"] == "00" else { throw ErrorBody.statementFailed(channel, answer["respCode"] ?? "refused") }
        guard answer["settleDate"] == mmdd else { throw ErrorBody.statementFailed(channel, "settleDate") }
        guard let content = answer["fileContent"], let deflated = Data(base64Encoded: content) else {
            throw ErrorBody.statementFailed(channel, "no_fileContent")
        }
        do {
            let archive = try ZipArchive(try Inflate.zlib(deflated))
            guard let entry = archive.entries.first(where: { $0.name.contains("ZM_") }) else {
                throw StatementError(line: 0, "no ZM file in the zip")
            }
            return Data(try archive.data(entry))
        } catch {
            throw ErrorBody.statementFailed(channel, "\(error)")
        }
    }
}
