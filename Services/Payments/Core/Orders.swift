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
    public var lines: [OrderLine]
}

/// Orders in the store. The total is always the sum of the lines dues quoted: no caller passes an amount.
public enum Orders {
    public static func insert(_ db: Database, id: String, payer: String, channel: String, lines: [OrderLine],
                              remark: String?, expiresAt: Date, now: Date) throws {
        let total = lines.reduce(Int64(0)) { $0 + $1.amountFen }
        try db.execute(sql: """
            INSERT INTO payment_order (id, payerMemberId, channel, status, totalFen, remark, expiresAt, createdAt)
            VALUES (?, ?, ?, 'open', ?, ?, ?, ?)
            """, arguments: [id, payer, channel, total, remark, expiresAt.timeIntervalSince1970, now.timeIntervalSince1970])
        for line in lines {
            try db.execute(sql: "INSERT INTO payment_order_line (orderId, memberId, month, amountFen) VALUES (?, ?, ?, ?)",
                           arguments: [id, line.memberId, line.month, line.amountFen])
        }
    }

    public static func find(_ db: Database, id: String) throws -> OrderRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM payment_order WHERE id = ?", arguments: [id]) else { return nil }
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM payment_order_line WHERE orderId = ? ORDER BY memberId, month",
                                     arguments: [id]).map {
            OrderLine(memberId: $0["memberId"], month: $0["month"], amountFen: $0["amountFen"])
        }
        return OrderRecord(id: id, payerMemberId: row["payerMemberId"], channel: row["channel"], status: row["status"],
                           totalFen: row["totalFen"], remark: row["remark"], providerTradeNo: row["providerTradeNo"],
                           expiresAt: Date(timeIntervalSince1970: row["expiresAt"]), lines: lines)
    }

    /// The provider says the money moved: true only the first time (the one transition that counts),
    /// so a repeated or concurrent notification never marks it twice. An expired order still becomes
    /// paid — the money moved — and dues' refusal then sends it to a refund.
    public static func markPaid(_ db: Database, id: String, providerTradeNo: String, now: Date) throws -> Bool {
        try db.execute(sql: """
            UPDATE payment_order SET status = 'paid', providerTradeNo = ?, paidAt = ?
            WHERE id = ? AND status IN ('open', 'expired')
            """, arguments: [providerTradeNo, now.timeIntervalSince1970, id])
        return db.changesCount == 1
    }
}
