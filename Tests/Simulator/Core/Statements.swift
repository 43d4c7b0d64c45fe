import CZlib
import Crypto
import FlyingFox
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The providers' day statements (对账单), made from the trades and refunds the simulator itself took
/// that Beijing day, in each provider's published shape:
/// - WeChat Pay v3 `GET /v3/bill/tradebill?bill_date=` → `{download_url, hash_type: SHA1, hash_value}`,
///   then the bill at download_url (UTF-8 CSV, every value back-ticked, then the summary header and row);
/// - Alipay `alipay.data.dataservice.bill.downloadurl.query` (bill_type trade) → `bill_download_url` of a
///   zip holding `<pid>_<yyyyMMdd>_业务明细.csv` and `…_业务明细(汇总).csv`, GBK, `#` comment lines;
/// - UnionPay 文件传输 (txnType 76, fileType 00, settleDate MMDD) → `fileContent`: the zip holding
///   `INN<yyMMdd>88ZM_<merId>`, zlib-deflated then base64, as UnionPay's SDK expects to inflate it.
/// Tests inject differences: `POST /_sim/<provider>/statement-extra?day=&out_trade_no=&amount_fen=` adds a
/// payment the merchant does not know (长款); `POST /_sim/<provider>/statement-drop?out_trade_no=` leaves a
/// taken payment out (短款); `POST /_sim/<provider>/statement-reset` forgets both;
/// `POST /_sim/wechatpay/statement-corrupt` flips a byte of the next bill download (after its SHA1 was given).
struct StatementEntry {
    var outTradeNo: String
    var providerTradeNo: String
    /// A refund's own numbers (WeChat out_refund_no / refund_id; Alipay out_request_no; UnionPay the
    /// refund orderId); nil for a payment.
    var refundNo: String?
    var providerRefundNo: String?
    var fen: Int
    /// A refund's original payment amount.
    var tradeFen: Int
    var time: Double
    var subject: String
    var isRefund: Bool { refundNo != nil }
}

final class StatementBook: @unchecked Sendable {
    private let lock = NSLock()
    private var extras: [StatementEntry] = []
    private var dropped: Set<String> = []
    private var files: [String: Data] = [:]
    private var corruptNext = false

    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    func add(_ entry: StatementEntry) { withLock { extras.append(entry) } }
    func drop(_ outTradeNo: String) { withLock { _ = dropped.insert(outTradeNo) } }
    func reset() { withLock { extras.removeAll(); dropped.removeAll(); corruptNext = false } }
    func corrupt() { withLock { corruptNext = true } }

    /// The next download changes a byte after its hash was published (a transfer gone wrong), once.
    func served(_ data: Data) -> Data {
        withLock {
            guard corruptNext, !data.isEmpty else { return data }
            corruptNext = false
            var bad = data
            bad[bad.count / 2] ^= 0x01
            return bad
        }
    }

    /// The day's lines: the taken ones minus the dropped payments, plus the injected ones.
    func lines(_ taken: [StatementEntry], day: String) -> [StatementEntry] {
        withLock {
            let kept = taken.filter { $0.isRefund || !dropped.contains($0.outTradeNo) }
            return (kept + extras.filter { StatementText.beijingDay($0.time) == day }).sorted { $0.time < $1.time }
        }
    }

    /// A generated file kept for its download URL (a token, as the providers' URLs carry one).
    func keep(_ data: Data) -> String {
        let token = IDs.random(32, alphabet: "0123456789abcdef")
        withLock { files[token] = data }
        return token
    }

    func file(_ token: String) -> Data? { withLock { files[token] } }
}

enum StatementText {
    /// "2026-11-27": the Beijing day of a time.
    static func beijingDay(_ epoch: Double) -> String { String(Clock.chinaDateTime(epoch).prefix(10)) }

    static func yuan(_ fen: Int) -> String { (fen < 0 ? "-" : "") + String(format: "%d.%02d", abs(fen) / 100, abs(fen) % 100) }

    /// "2026-11-27" from bill_date, or nil.
    static func day(_ text: String?) -> String? {
        guard let text, text.count == 10, Clock.parseISO8601UTC(text + "T00:00:00Z") != nil else { return nil }
        return text
    }

    /// UTF-8 → GBK (GB18030 ⊇ GBK for the characters used), with glibc's iconv.
    static func gbk(_ text: String) -> Data {
        guard let cd = Optional(iconv_open("GB18030", "UTF-8")), Int(bitPattern: cd) != -1 else { return Data(text.utf8) }
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var inLeft = input.count, outLeft = output.count
        _ = input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf -> Int in
                var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            }
        }
        return Data(output[0..<(output.count - outLeft)])
    }

    /// A zip of stored entries (names in GBK, as Chinese tools write them: flag bit 11 clear).
    static func zip(_ entries: [(name: String, data: Data)]) -> Data {
        var out = Data(), central = Data()
        func u16(_ v: Int, _ d: inout Data) { d.append(UInt8(v & 0xFF)); d.append(UInt8((v >> 8) & 0xFF)) }
        func u32(_ v: UInt32, _ d: inout Data) { for s in [0, 8, 16, 24] { d.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        for entry in entries {
            let name = gbk(entry.name), bytes = [UInt8](entry.data)
            let crc = bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            let offset = UInt32(out.count)
            u32(0x0403_4b50, &out); u16(10, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(UInt32(bytes.count), &out); u32(UInt32(bytes.count), &out); u16(name.count, &out); u16(0, &out)
            out.append(name); out.append(entry.data)
            u32(0x0201_4b50, &central); u16(20, &central); u16(10, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u16(0x21, &central); u32(crc, &central); u32(UInt32(bytes.count), &central); u32(UInt32(bytes.count), &central)
            u16(name.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central)
            u32(offset, &central); central.append(name)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        u32(0x0605_4b50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }

    /// zlib (RFC 1950) deflate, as java.util.zip.Deflater writes it.
    static func deflate(_ data: Data) -> Data {
        let input = [UInt8](data)
        var size = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        _ = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { compress2(out.baseAddress, &size, $0.baseAddress, uLong(input.count), 6) }
        }
        return Data(output[0..<Int(size)])
    }

    static func sha1Hex(_ data: Data) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: data)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

extension SimCore {
    /// The statement endpoints and the injection controls; nil for anything else.
    func statementRoute(_ request: HTTPRequest, path: String) async throws -> HTTPResponse? {
        for (name, book) in [("alipay", alipay.book), ("wechatpay", wechatpay.book), ("unionpay", unionpay.book)] {
            let prefix = "/_sim/\(name)/statement-"
            guard path.hasPrefix(prefix) else { continue }
            let q = request.query
            switch path.dropFirst(prefix.count) {
            case "extra":
                guard let out = q["out_trade_no"], !out.isEmpty, let fen = q["amount_fen"].flatMap(Int.init), fen > 0 else {
                    return json(["error": "out_trade_no and amount_fen (> 0) expected"], status: .badRequest)
                }
                let time = q["day"].flatMap(StatementText.day).flatMap { Clock.parseISO8601UTC($0 + "T04:00:00Z") } ?? Date().timeIntervalSince1970
                let number = name == "unionpay" ? "7727" + IDs.random(17, alphabet: "0123456789") : "2026" + IDs.random(24, alphabet: "0123456789")
                book.add(StatementEntry(outTradeNo: out, providerTradeNo: number, fen: fen, tradeFen: fen, time: time, subject: "党费"))
                return json(["ok": true, "out_trade_no": out, "provider_trade_no": number])
            case "drop":
                guard let out = q["out_trade_no"], !out.isEmpty else { return json(["error": "out_trade_no expected"], status: .badRequest) }
                book.drop(out)
                return json(["ok": true])
            case "reset":
                book.reset()
                return json(["ok": true])
            case "corrupt":
                book.corrupt()
                return json(["ok": true])
            default:
                return json(["error": "not found", "path": path], status: .notFound)
            }
        }
        if path == "/v3/bill/tradebill" || path == "/v3/billdownload/file" { return try await wechatpay.bill(request) }
        if path == "/downloadBillFile.resource" {
            guard let data = alipay.book.file(request.query["token"] ?? "") else {
                return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain"], body: Data("file not found".utf8))
            }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/zip"], body: data)
        }
        if path == "/filedownload/" || path == "/filedownload" { return try await unionpay.fileTransfer(request) }
        return nil
    }
}

// MARK: WeChat Pay 交易账单

extension WeChatPaySim {
    func entries(day: String) -> [StatementEntry] {
        let taken: [StatementEntry] = withLock {
            trades.values.flatMap { t -> [StatementEntry] in
                guard let id = t.transactionId, let paid = t.successTime else { return [] }
                var lines: [StatementEntry] = []
                if StatementText.beijingDay(paid) == day {
                    lines.append(StatementEntry(outTradeNo: t.outTradeNo, providerTradeNo: id, fen: t.totalFen, tradeFen: t.totalFen,
                                                time: paid, subject: t.description))
                }
                for r in t.refunds.values where StatementText.beijingDay(r.createdAt) == day {
                    lines.append(StatementEntry(outTradeNo: t.outTradeNo, providerTradeNo: id, refundNo: r.outRefundNo, providerRefundNo: r.refundId,
                                                fen: r.amount, tradeFen: t.totalFen, time: r.createdAt, subject: t.description))
                }
                return lines
            }
        }
        return book.lines(taken, day: day)
    }

    /// bill_type ALL: header, a row per SUCCESS payment and REFUND, then 总交易单数,… and its values.
    func tradeBill(day: String) -> Data {
        var rows = ["交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,"
            + "微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"]
        var paid = 0, refunded = 0
        let lines = entries(day: day)
        for e in lines {
            let y = StatementText.yuan
            let fields: [String] = [
                Clock.chinaDateTime(e.time), config.appId, config.mchId, "0", "", e.providerTradeNo, e.outTradeNo, "oSim" + String(e.outTradeNo.suffix(8)),
                "NATIVE", e.isRefund ? "REFUND" : "SUCCESS", "OTHERS", "CNY", e.isRefund ? "0.00" : y(e.fen), "0.00",
                e.providerRefundNo ?? "0", e.refundNo ?? "0", e.isRefund ? y(e.fen) : "0.00", "0.00", e.isRefund ? "ORIGINAL" : "",
                e.isRefund ? "SUCCESS" : "", e.subject, "", "0.00000", "0.60%", y(e.tradeFen), e.isRefund ? y(e.fen) : "0.00", "",
            ]
            if e.isRefund { refunded += e.fen } else { paid += e.fen }
            rows.append(fields.map { "`" + $0 }.joined(separator: ","))
        }
        rows.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        rows.append(["\(lines.count)", StatementText.yuan(paid), StatementText.yuan(refunded), "0.00", "0.00000",
                     StatementText.yuan(paid), StatementText.yuan(refunded)].map { "`" + $0 }.joined(separator: ","))
        return Data((rows.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `GET /v3/bill/tradebill?bill_date=` (signed request, signed answer) and `GET /v3/billdownload/file?token=`
    /// (signed request; the file itself is not signed: its SHA1 was in the first answer).
    func bill(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard platformKey != nil, merchantKey != nil else { return fail(.internalServerError, "SYSTEM_ERROR", "provider-sim: WeChat Pay keys not configured") }
        let body = try await request.bodyData
        if let refusal = checkAuthorization(request, body: body) { return fail(.unauthorized, "SIGN_ERROR", refusal) }
        if request.path == "/v3/billdownload/file" {
            guard let data = book.file(request.query["token"] ?? "") else { return fail(.notFound, "NOT_FOUND", "账单文件不存在") }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/octet-stream"], body: book.served(data))
        }
        guard let day = StatementText.day(request.query["bill_date"]) else { return fail(.badRequest, "PARAM_ERROR", "bill_date 格式错误") }
        guard day <= StatementText.beijingDay(Date().timeIntervalSince1970) else { return fail(.badRequest, "INVALID_REQUEST", "账单日期不合法") }
        let file = tradeBill(day: day)
        let token = book.keep(file)
        let host = request.headers[.host] ?? "127.0.0.1"
        return reply(["download_url": "http://\(host)/v3/billdownload/file?token=\(token)", "hash_type": "SHA1",
                      "hash_value": StatementText.sha1Hex(file)])
    }
}

// MARK: Alipay 业务明细

extension AlipaySim {
    func entries(day: String) -> [StatementEntry] {
        let taken: [StatementEntry] = withLock {
            trades.values.flatMap { t -> [StatementEntry] in
                guard let paid = t.paidAt else { return [] }
                var lines: [StatementEntry] = []
                if StatementText.beijingDay(paid) == day {
                    lines.append(StatementEntry(outTradeNo: t.outTradeNo, providerTradeNo: t.tradeNo, fen: t.totalFen, tradeFen: t.totalFen,
                                                time: paid, subject: t.subject))
                }
                for (requestNo, at) in t.refundedAt where StatementText.beijingDay(at) == day {
                    lines.append(StatementEntry(outTradeNo: t.outTradeNo, providerTradeNo: t.tradeNo, refundNo: requestNo,
                                                fen: t.refunds[requestNo] ?? 0, tradeFen: t.totalFen, time: at, subject: t.subject))
                }
                return lines
            }
        }
        return book.lines(taken, day: day)
    }

    /// The detail CSV (业务明细) and the summary (汇总), GBK, in a zip.
    func billZip(day: String) -> Data {
        let compact = day.replacingOccurrences(of: "-", with: "")
        let (y, m, d) = (day.prefix(4), day.dropFirst(5).prefix(2), day.suffix(2))
        var text = ["#支付宝业务明细查询", "#账号：[\(config.sellerId)0156]",
                    "#起始日期：[\(y)年\(m)月\(d)日 00:00:00]   终止日期：[\(y)年\(m)月\(d)日 23:59:59]",
                    "#-----------------------------------------业务明细列表----------------------------------------",
                    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,"
                        + "支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,"
                        + "退款批次号/请求号,服务费（元）,分润（元）,备注"]
        var payments = (0, 0), refunds = (0, 0)
        for e in entries(day: day) {
            let received = e.isRefund ? -e.fen : e.fen
            if e.isRefund { refunds.0 += 1; refunds.1 += received } else { payments.0 += 1; payments.1 += received }
            // Alipay pads the long numbers with a tab so spreadsheets keep them as text.
            let subject = e.subject.contains(",") ? "\"" + e.subject.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : e.subject
            let fields = [e.providerTradeNo + "\t", e.outTradeNo + "\t", e.isRefund ? "退款" : "交易", subject, Clock.chinaDateTime(e.time),
                          Clock.chinaDateTime(e.time), "", "", "", "", "*党员", StatementText.yuan(e.tradeFen), StatementText.yuan(received),
                          "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", (e.refundNo ?? "") + (e.isRefund ? "\t" : ""),
                          "0.00", "0.00", ""]
            text.append(fields.joined(separator: ","))
        }
        text += ["#-----------------------------------------业务明细列表结束------------------------------------",
                 "#交易合计：\(payments.0)笔，商家实收共\(StatementText.yuan(payments.1))元，商家优惠共0.00元",
                 "#退款合计：\(refunds.0)笔，商家实收退款共\(StatementText.yuan(refunds.1))元，商家优惠退款共0.00元",
                 "#导出时间：[\(Clock.chinaDateTime(Date().timeIntervalSince1970))]"]
        let summary = ["#支付宝业务汇总查询", "#账号：[\(config.sellerId)0156]",
                       "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）",
                       "合计,,\(payments.0),\(refunds.0),\(StatementText.yuan(payments.1)),\(StatementText.yuan(payments.1 + refunds.1))",
                       "#-----------------------------------------业务汇总列表结束------------------------------------"]
        let pid = config.sellerId
        return StatementText.zip([
            ("\(pid)_\(compact)_业务明细.csv", StatementText.gbk(text.joined(separator: "\r\n") + "\r\n")),
            ("\(pid)_\(compact)_业务明细(汇总).csv", StatementText.gbk(summary.joined(separator: "\r\n") + "\r\n")),
        ])
    }

    /// bill_type trade, bill_date yyyy-MM-dd → bill_download_url (valid a while, as Alipay's is 30 s).
    func billDownloadURL(_ biz: [String: Any], host: String?) -> [String: Any] {
        guard biz["bill_type"] as? String == "trade", let day = StatementText.day(biz["bill_date"] as? String) else {
            return error("40004", "Business Failed", "isp.bill_type_or_date_invalid", "参数不合法")
        }
        guard day <= StatementText.beijingDay(Date().timeIntervalSince1970) else {
            return ["code": "40004", "msg": "Business Failed", "sub_code": "isp.bill_not_exist", "sub_msg": "账单不存在"]
        }
        let token = book.keep(billZip(day: day))
        let compact = day.replacingOccurrences(of: "-", with: "")
        return ["code": "10000", "msg": "Success",
                "bill_download_url": "http://\(host ?? "127.0.0.1")/downloadBillFile.resource?bizType=trade&fileType=csv.zip&bizDates=\(compact)"
                    + "&downloadFileName=\(compact).csv.zip&token=\(token)"]
    }
}

// MARK: UnionPay 对账文件

extension UnionPaySim {
    /// Field widths of the ZM 流水文件 (全渠道 文件接口规范 6.1), 42 fields separated by a space.
    static let zmWidths = [3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1, 21, 15, 1,
                           15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98]

    func entries(day: String) -> [StatementEntry] {
        let taken: [StatementEntry] = withLock {
            trades.values.flatMap { t -> [StatementEntry] in
                guard let queryId = t.queryId, let paid = t.paidAt else { return [] }
                var lines: [StatementEntry] = []
                if StatementText.beijingDay(paid) == day {
                    lines.append(StatementEntry(outTradeNo: t.orderId, providerTradeNo: queryId, fen: t.totalFen, tradeFen: t.totalFen,
                                                time: paid, subject: ""))
                }
                for (refundOrderId, at) in t.refundedAt where StatementText.beijingDay(at) == day {
                    guard let r = t.refunds[refundOrderId] else { continue }
                    lines.append(StatementEntry(outTradeNo: t.orderId, providerTradeNo: queryId, refundNo: refundOrderId,
                                                providerRefundNo: r.queryId, fen: r.amount, tradeFen: t.totalFen, time: at, subject: ""))
                }
                return lines
            }
        }
        return book.lines(taken, day: day)
    }

    /// One ZM line: a 退货's own orderId and queryId, the consume's queryId as 原交易查询流水号.
    func zmLine(_ e: StatementEntry) -> String {
        var f = Self.zmWidths.map { String(repeating: " ", count: $0) }
        func put(_ i: Int, _ v: String) { f[i] = v.padding(toLength: Self.zmWidths[i], withPad: " ", startingAt: 0) }
        let c = Clock.civil(e.time, offset: Clock.chinaOffset)
        let mmddhhmmss = String(format: "%02d%02d%02d%02d%02d", c.m, c.d, c.h, c.mi, c.s)
        let queryId = e.providerRefundNo ?? e.providerTradeNo
        put(0, e.isRefund ? "S30" : "S22"); put(1, "00049992900"); put(2, "00049992900"); put(3, String(queryId.suffix(6)))
        put(4, mmddhhmmss); put(5, "6216261000000000018"); put(6, String(format: "%012d", e.fen)); put(7, "8398"); put(8, "07")
        put(9, queryId); put(10, "00"); put(11, e.refundNo ?? e.outTradeNo); put(12, "07"); put(19, e.isRefund ? "04" : "01")
        put(20, "00"); put(26, e.isRefund ? e.providerTradeNo : "")
        return f.joined(separator: " ")
    }

    /// 文件传输 (txnType 76): the day's zip, zlib-deflated and base64 in fileContent, the answer signed.
    func fileTransfer(_ request: HTTPRequest) async throws -> HTTPResponse {
        let f = try await Self.fields(request)
        guard privateKey != nil, merchantKey != nil else { return refuse(f, "99", "provider-sim: UnionPay keys not configured") }
        guard f["version"] == "5.1.0", verify(f) else { return refuse(f, "11", "验证签名失败") }
        guard f["merId"] == config.merId else { return refuse(f, "13", "商户代码错误") }
        guard f["txnType"] == "76", f["fileType"] == "00", let settle = f["settleDate"], settle.count == 4, settle.allSatisfy(\.isNumber),
              let t = f["txnTime"], t.count == 14 else {
            return refuse(f, "10", "报文格式错误[txnType/fileType/settleDate]")
        }
        // The year is the one that puts MMDD nearest today (a 12-31 file asked on 01-01 is last year's).
        let now = Date().timeIntervalSince1970, today = StatementText.beijingDay(now)
        let years = [Int(today.prefix(4))! - 1, Int(today.prefix(4))!]
        let candidates = years.map { "\($0)-\(settle.prefix(2))-\(settle.suffix(2))" }.filter { StatementText.day($0) != nil && $0 <= today }
        guard let day = candidates.max() else { return refuse(f, "10", "报文格式错误[settleDate]") }
        let lines = entries(day: day).map(zmLine)
        let yymmdd = String(day.replacingOccurrences(of: "-", with: "").dropFirst(2))
        let zm = lines.map { $0 + "\r\n" }.joined()
        let zip = StatementText.zip([("INN\(yymmdd)88ZM_\(config.merId)", StatementText.gbk(zm))])
        return answer(["respCode": "00", "respMsg": "成功[0000000]", "merId": config.merId, "txnType": "76", "txnSubType": f["txnSubType"] ?? "01",
                       "bizType": "000000", "accessType": "0", "settleDate": settle, "txnTime": t, "fileType": "00",
                       "fileName": "\(config.merId)_\(day.replacingOccurrences(of: "-", with: "")).zip",
                       "fileContent": StatementText.deflate(zip).base64EncodedString()])
    }
}
