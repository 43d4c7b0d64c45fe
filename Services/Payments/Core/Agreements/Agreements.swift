import Crypto
import Foundation
import GRDB
import Schema
import Store

/// 银行缴费协议: a member signs their own card at UnionPay (代收 建立委托, with the name and ID number
/// identity holds, never typed), and dues are debited from it when a month opens for payment. One
/// active agreement per member; the card number is never stored (last 4 + UnionPay's token).
public struct Agreements: Sendable {
    let store: Store
    let identity: any IdentityPort
    /// Nil: UnionPay is not configured.
    let unionpay: UnionPayGateway?

    public init(store: Store, identity: any IdentityPort, unionpay: UnionPayGateway?) {
        self.store = store; self.identity = identity; self.unionpay = unionpay
    }

    public static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agreement (
                id TEXT PRIMARY KEY NOT NULL,
                memberId TEXT NOT NULL,
                status TEXT NOT NULL,                  -- active | cancelled | replaced
                cardLast4 TEXT NOT NULL,
                bankName TEXT NOT NULL,
                holderName TEXT NOT NULL,              -- masked
                token TEXT NOT NULL,                   -- UnionPay's token for the card
                signedAt REAL NOT NULL,
                cancelledAt REAL
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX agreement_active ON agreement(memberId) WHERE status = 'active';
            CREATE TABLE agreement_debit (
                agreementId TEXT NOT NULL REFERENCES agreement(id),
                month TEXT NOT NULL,
                memberId TEXT NOT NULL,
                orderId TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,                  -- pending | sent | paid | failed | skipped
                failure TEXT,
                createdAt REAL NOT NULL,
                PRIMARY KEY (agreementId, month)
            ) WITHOUT ROWID;
            CREATE INDEX agreement_debit_pending ON agreement_debit(status, createdAt);
            """)
    }

    /// 16–19 digits once spaces are taken out; nil otherwise.
    public static func cardDigits(_ text: String) -> String? {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard (16...19).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// A few issuers' BINs for the bank's name when the member does not pick one.
    static let bins: [(String, String)] = [("621226", "中国工商银行"), ("622202", "中国工商银行"), ("621700", "中国建设银行"),
                                            ("622700", "中国建设银行"), ("622848", "中国农业银行"), ("621661", "中国银行"),
                                            ("622260", "交通银行"), ("621483", "招商银行"), ("622588", "招商银行"), ("621626", "平安银行")]

    public static func bankName(forCard digits: String) -> String {
        bins.first { digits.hasPrefix($0.0) }?.1 ?? "银联借记卡"
    }

    public func list(by actor: Actor) async throws -> AgreementList {
        guard actor.kind == .member else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "members_only"]) }
        let member = actor.id
        return try await store.read { db in try Self.list(db, memberId: member) }
    }

    static func list(_ db: Database, memberId: String) throws -> AgreementList {
        let items = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM agreement WHERE memberId = ? ORDER BY signedAt DESC"), arguments: [memberId])
            .map(Self.view)
        let debits = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT d.*, o.totalFen FROM agreement_debit d LEFT JOIN payment_order o ON o.id = d.orderId
            WHERE d.memberId = ? ORDER BY d.createdAt DESC, d.month DESC LIMIT 50
            """), arguments: [memberId]).map {
            AgreementDebit(orderId: $0["orderId"], month: $0["month"], status: $0["status"], amountFen: ($0["totalFen"] as Int64?) ?? 0,
                           failure: $0["failure"], createdAt: Date(timeIntervalSince1970: $0["createdAt"]))
        }
        return AgreementList(items: items, debits: debits)
    }

    static func view(_ row: Row) -> AgreementView {
        AgreementView(id: row["id"], status: row["status"], cardLast4: row["cardLast4"], bankName: row["bankName"],
                      holderName: row["holderName"], signedAt: Date(timeIntervalSince1970: row["signedAt"]),
                      cancelledAt: (row["cancelledAt"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    /// Without a code: the SMS code goes to the phone on record. With it: checked by identity, then the
    /// card is signed at UnionPay with identity's name and ID number; on success the member's earlier
    /// agreement is replaced in the same transaction that records the new one.
    public func sign(_ request: AgreementSignRequest, by actor: Actor, now: Date = Date()) async throws -> AgreementSignReply {
        guard actor.kind == .member else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "members_only"]) }
        guard let unionpay else { throw ErrorBody.make(ErrorCode.paymentsChannelUnavailable, details: ["channel": "unionpay"]) }
        guard let card = Self.cardDigits(request.cardNumber) else {
            throw ErrorBody.make(ErrorCode.paymentsCardInvalid, details: ["field": "body.cardNumber"])
        }
        let memberId = actor.id
        guard let codeId = request.codeId, let code = request.code?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            let sent = try await identity.sendCode(memberId: memberId)
            return AgreementSignReply(codeId: sent.codeId, maskedPhone: sent.maskedPhone)
        }
        try await identity.checkTypedCode(codeId: codeId, memberId: memberId, code: code)
        let member = try await identity.ownRecord(memberId)
        let id = "ag" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(24)
        let token = try await unionpay.establish(orderId: UnionPayText.orderId(id), accNo: card, certifId: member.idNumber,
                                                 customerNm: member.name)
        let bank = request.bankName.flatMap { $0.isEmpty ? nil : String($0.prefix(30)) } ?? Self.bankName(forCard: card)
        let view = AgreementView(id: id, status: "active", cardLast4: String(card.suffix(4)), bankName: bank,
                                 holderName: PersonalData.maskName(member.name), signedAt: now)
        try await store.write { db in
            try db.cachedStatement(sql: "UPDATE agreement SET status = 'replaced', cancelledAt = ? WHERE memberId = ? AND status = 'active'").execute(arguments: [now.timeIntervalSince1970, memberId])
            try db.cachedStatement(sql: """
                INSERT INTO agreement (id, memberId, status, cardLast4, bankName, holderName, token, signedAt)
                VALUES (?, ?, 'active', ?, ?, ?, ?, ?)
                """).execute(arguments: [id, memberId, view.cardLast4, bank, view.holderName, token, now.timeIntervalSince1970])
        }
        return AgreementSignReply(agreement: view)
    }

    /// 解约: the member's own active agreement; debits not yet sent are skipped.
    public func cancel(_ request: AgreementRef, by actor: Actor, now: Date = Date()) async throws -> AgreementView {
        guard actor.kind == .member else { throw ErrorBody.make(ErrorCode.paymentsForbidden, details: ["reason": "members_only"]) }
        let memberId = actor.id
        return try await store.write { db in try Self.cancel(db, id: request.agreementId, memberId: memberId, now: now) }
    }

    public static func cancel(_ db: Database, id: String, memberId: String, now: Date) throws -> AgreementView {
        try db.cachedStatement(sql: "UPDATE agreement SET status = 'cancelled', cancelledAt = ? WHERE id = ? AND memberId = ? AND status = 'active'").execute(arguments: [now.timeIntervalSince1970, id, memberId])
        guard db.changesCount == 1,
              let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM agreement WHERE id = ?"), arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.paymentsAgreementNotFound, details: ["field": "path.agreementId"])
        }
        try db.cachedStatement(sql: "UPDATE agreement_debit SET status = 'skipped', failure = 'cancelled' WHERE agreementId = ? AND status = 'pending'").execute(arguments: [id])
        return view(row)
    }
}
