import Documents
import Foundation
import Schema

/// 党费缴纳证明: a member's own dues for one year, as a PDF to hand to whoever asks (a transfer, a
/// review). A pure value: the months come from the member's confirmed payments.
public struct PaymentCertificate: Sendable, Equatable {
    public struct Month: Sendable, Equatable {
        public var month: Int
        public var amountFen: Int64
        public var paidAt: Date
        public init(month: Int, amountFen: Int64, paidAt: Date) {
            self.month = month; self.amountFen = amountFen; self.paidAt = paidAt
        }
    }

    public var memberName: String
    /// The full 居民身份证 number; the certificate prints it masked.
    public var idNumber: String
    public var organizationName: String
    public var year: Int
    public var months: [Month]
    public var issuedAt: Date
    public var issuer: String

    public init(memberName: String, idNumber: String, organizationName: String, year: Int, months: [Month],
                issuedAt: Date, issuer: String = "党费收缴专用") {
        self.memberName = memberName; self.idNumber = idNumber; self.organizationName = organizationName
        self.year = year; self.months = months; self.issuedAt = issuedAt; self.issuer = issuer
    }

    public var totalFen: Int64 { months.reduce(0) { $0 + $1.amountFen } }

    public static let title = "党费缴纳证明"

    /// "兹证明 张三 同志（…）已按规定交纳 2026 年度党费 12 个月，共计人民币 360.00 元（叁佰陆拾元整）。"
    public var statement: String {
        "兹证明 \(memberName) 同志（居民身份证号 \(PersonalData.maskID(idNumber))）系\(organizationName)党员，"
            + "已按规定交纳 \(year) 年度党费 \(months.count) 个月，共计人民币 \(Yuan.string(fen: totalFen)) 元"
            + "（\(ChineseAmount.capital(fen: totalFen))）。"
    }

    public func pdf() throws -> Data {
        let writer = try PDFWriter(metadata: .init(title: Self.title, subject: "\(memberName) \(year) 年度"))
        writer.title(Self.title)
        writer.space(6)
        writer.paragraph(statement, size: 12, indentFirstLine: true)
        writer.paragraph("交纳明细如下：", size: 12, indentFirstLine: true)
        writer.space(4)
        let rows = months.sorted { $0.month < $1.month }.map { month in
            ["\(year)年\(month.month)月", Yuan.string(fen: month.amountFen), BeijingTime.day(month.paidAt)]
        }
        writer.table(
            columns: [.init("所属月份", share: 2), .init("金额（元）", share: 1.5, alignment: .right), .init("交纳日期", share: 2)],
            rows: rows,
            footer: [["合计", Yuan.string(fen: totalFen), ""]]
        )
        writer.paragraph("特此证明。", size: 12, indentFirstLine: true)
        writer.space(36)
        let issuedOn = BeijingTime.parts(issuedAt)
        writer.paragraph(organizationName + "（\(issuer)）", size: 12, alignment: .right)
        writer.paragraph(
            ChineseNumerals.date(year: issuedOn.year!, month: issuedOn.month!, day: issuedOn.day!, style: .lowercase),
            size: 12, alignment: .right)
        writer.seal(ring: organizationName, center: issuer)
        return try writer.finish()
    }
}
