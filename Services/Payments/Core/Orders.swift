import Foundation
import GRDB
import Schema

public struct OrderRecord: Sendable, Equatable {
    public var id: String
    public var payerMemberId: String
    public var channel: String
    public var status: String
    public var totalFen: Int64
    public var remark: String?
    public var providerTradeNo: String?
    public var expiresAt: Date
    public var createdAt: Date
    public var lines: [OrderLine]
    public var factor: String
    /// identity's id for the SMS code sent for this order (never the code).
    public var codeId: String?
    public var maskedPhone: String?
    public var confirmedAt: Date?
    public var qrCode: String?
    public var paidAt: Date?
    /// dues' code when it refused the months.
    public var refusal: String?
    public var refundedAt: Date?
    public var receiptToken: String?
    public var client: String = PayClient.qr.rawValue
    public var purpose: String = OrderPurpose.dues.rawValue
    /// JSAPI: the JSON of the parameters made once the provider took the order.
    public var payParams: String?

    /// The provider took the order: the payer has what to pay with.
    public var isPlaced: Bool { client == PayClient.jsapi.rawValue ? payParams != nil : qrCode != nil }

    /// The payer gave the factor (or none is asked).
    public var isConfirmed: Bool { factor == ConfirmationFactor.none.rawValue || confirmedAt != nil }
}

/// Orders in the store. The total is always the sum of the lines dues quoted: no caller passes an amount.
public enum Orders {
    public static func insert(_ db: Database, id: String, payer: String, channel: String, lines: [OrderLine],
                              remark: String?, expiresAt: Date, now: Date, factor: ConfirmationFactor = .none,
                              codeId: String? = nil, maskedPhone: String? = nil, client: PayClient = .qr,
                              purpose: OrderPurpose = .dues, topUpFen: Int64? = nil,
                              places: [String: (orgCode: String, name: String)] = [:]) throws {
        // A top-up has no months: its amount is the member's; every other total is the lines' sum.
        let total = topUpFen ?? lines.reduce(Int64(0)) { $0 + $1.amountFen }
        try db.cachedStatement(sql: """
            INSERT INTO payment_order (id, payerMemberId, channel, status, totalFen, remark, expiresAt, createdAt, factor, codeId,
                                       maskedPhone, receiptToken, client, purpose)
            VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, payer, channel, total, remark, expiresAt.timeIntervalSince1970, now.timeIntervalSince1970,
                             factor.rawValue, codeId, maskedPhone, Self.newReceiptToken(), client.rawValue, purpose.rawValue])
        for line in lines {
            let place = places[line.memberId]
            try db.cachedStatement(sql: """
                INSERT INTO payment_order_line (orderId, memberId, month, amountFen, orgCode, memberName) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, line.memberId, line.month, line.amountFen, place?.orgCode ?? "", place?.name ?? ""])
        }
    }

    public static func find(_ db: Database, id: String) throws -> OrderRecord? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM payment_order WHERE id = ?"), arguments: [id]) else { return nil }
        let lines = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM payment_order_line WHERE orderId = ? ORDER BY memberId, month"),
                                     arguments: [id]).map {
            OrderLine(memberId: $0["memberId"], month: $0["month"], amountFen: $0["amountFen"])
        }
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return OrderRecord(id: id, payerMemberId: row["payerMemberId"], channel: row["channel"], status: row["status"],
                           totalFen: row["totalFen"], remark: row["remark"], providerTradeNo: row["providerTradeNo"],
                           expiresAt: Date(timeIntervalSince1970: row["expiresAt"]), createdAt: Date(timeIntervalSince1970: row["createdAt"]),
                           lines: lines, factor: row["factor"], codeId: row["codeId"], maskedPhone: row["maskedPhone"],
                           confirmedAt: date("confirmedAt"), qrCode: row["qrCode"], paidAt: date("paidAt"), refusal: row["refusal"],
                           refundedAt: date("refundedAt"), receiptToken: row["receiptToken"], client: row["client"],
                           purpose: row["purpose"], payParams: row["payParams"])
    }

    /// 128 random bits: a receipt link cannot be guessed from another.
    static func newReceiptToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.lowercaseHex
    }

    /// The provider says the money moved: true only the first time (the one transition that counts),
    /// so a repeated or concurrent notification never marks it twice. An expired order still becomes
    /// paid — the money moved — and dues' refusal then sends it to a refund.
    public static func markPaid(_ db: Database, id: String, providerTradeNo: String, now: Date) throws -> Bool {
        try db.cachedStatement(sql: """
            UPDATE payment_order SET status = 'paid', providerTradeNo = ?, paidAt = ?
            WHERE id = ? AND status IN ('open', 'expired')
            """).execute(arguments: [providerTradeNo, now.timeIntervalSince1970, id])
        return db.changesCount == 1
    }
}
