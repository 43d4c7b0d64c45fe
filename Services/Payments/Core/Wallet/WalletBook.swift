import Foundation
import GRDB
import Schema

/// The 市民卡 wallet's ledger. The balance is never stored: it is the sum of the movements, and a
/// spend is written only inside the transaction that saw the balance cover it, so it never goes
/// negative. One movement of each kind per order: a repeated confirmation or refund moves nothing.
public enum WalletBook {
    public static func isRegistered(_ db: Database, memberId: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM wallet WHERE memberId = ?)"), arguments: [memberId]) ?? false
    }

    public static func balance(_ db: Database, memberId: String) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(SUM(amountFen), 0) FROM wallet_movement WHERE memberId = ?"), arguments: [memberId]) ?? 0
    }

    /// Money in (a top-up, a refund); false when this order already moved it.
    @discardableResult
    public static func credit(_ db: Database, memberId: String, kind: WalletMovementKind, amountFen: Int64, orderId: String,
                              now: Date) throws -> Bool {
        precondition(amountFen > 0 && kind != .spend)
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO wallet_movement (memberId, kind, amountFen, orderId, createdAt) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [memberId, kind.rawValue, amountFen, orderId, now.timeIntervalSince1970])
        return db.changesCount == 1
    }

    /// Dues paid from the balance: refused (nothing written) when the balance does not cover it.
    /// Returns the movement's number (the order's trade number in the wallet).
    public static func spend(_ db: Database, memberId: String, amountFen: Int64, orderId: String, now: Date) throws -> Int64 {
        if let seq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM wallet_movement WHERE orderId = ? AND kind = 'spend'"), arguments: [orderId]) {
            return seq
        }
        guard try isRegistered(db, memberId: memberId) else {
            throw ErrorBody.make(ErrorCode.paymentsWalletNotRegistered, details: ["field": "body.channel"])
        }
        let balance = try balance(db, memberId: memberId)
        guard balance >= amountFen else {
            throw ErrorBody.make(ErrorCode.paymentsWalletInsufficient, details: ["balanceFen": String(balance), "amountFen": String(amountFen)])
        }
        try db.cachedStatement(sql: """
            INSERT INTO wallet_movement (memberId, kind, amountFen, orderId, createdAt) VALUES (?, 'spend', ?, ?, ?)
            """).execute(arguments: [memberId, -amountFen, orderId, now.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    public static func view(_ db: Database, memberId: String) throws -> WalletView {
        let cardNo = try String.fetchOne(db.cachedStatement(sql: "SELECT cardNo FROM wallet WHERE memberId = ?"), arguments: [memberId])
        let pending = try String.fetchOne(db.cachedStatement(sql: "SELECT maskedPhone FROM wallet_pending WHERE memberId = ?"), arguments: [memberId])
        let movements = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT kind, amountFen, orderId, createdAt FROM wallet_movement WHERE memberId = ? ORDER BY seq DESC LIMIT 50
            """), arguments: [memberId]).map {
            WalletMovement(kind: WalletMovementKind(rawValue: $0["kind"]) ?? .topup, amountFen: $0["amountFen"], orderId: $0["orderId"],
                           createdAt: Date(timeIntervalSince1970: $0["createdAt"]))
        }
        return WalletView(registered: cardNo != nil, cardNo: cardNo, balanceFen: try balance(db, memberId: memberId),
                          maskedPhone: cardNo == nil ? pending : nil, movements: movements)
    }
}
