import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    /// The calendar day of `date` in the installation's time zone, yyyy-MM-dd.
    func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    func realNameStatus(_ db: Database, memberId: String) throws -> RealNameStatus {
        let today = day(now())
        let verified = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM auth_realname WHERE memberId = ? AND day = ?)"),
                                         arguments: [memberId, today]) ?? false
        return RealNameStatus(memberId: memberId, required: settings.realNameVerificationRequired,
                              verified: verified, verifiedOn: verified ? today : nil)
    }

    /// `identity.realname.verify` (member actor): checks the member's name and ID number on record
    /// with the provider; a match counts for the rest of the calendar day.
    public func verifyRealName(call: AuthCall) async throws -> RealNameStatus {
        guard let actor = call.actor, actor.kind == .member else { throw Self.forbidden() }
        let member = try await store.read { db -> AccountRecord in
            guard let account = try AccountRecord.fetch(db, memberId: actor.id), account.isActive,
                  account.name != nil, account.idNumber != nil
            else { throw Self.forbidden() }
            return account
        }
        let result: RealNameResult
        do {
            result = try await environment.realName.verify(name: member.name!, idNumber: member.idNumber!,
                                                           bizId: UUID().uuidString.lowercased())
        } catch {
            throw ErrorBody.make(ErrorCode.identityProviderUnavailable, details: ["provider": "realname"])
        }
        switch result.outcome {
        case .mismatch:
            throw ErrorBody.make(ErrorCode.identityRealNameMismatch, details: ["reason": "mismatch"])
        case .noRecord:
            throw ErrorBody.make(ErrorCode.identityRealNameMismatch, details: ["reason": "no_record"],
                                 message: "实名核验未通过：未查询到该身份证号的登记信息")
        case .match:
            return try await store.write { db in
                let now = self.now()
                try db.cachedStatement(sql: """
                    INSERT INTO auth_realname (memberId, day, verifiedAt, orderNo) VALUES (?, ?, ?, ?)
                    ON CONFLICT (memberId, day) DO UPDATE SET verifiedAt = excluded.verifiedAt, orderNo = excluded.orderNo
                    """).execute(arguments: [actor.id, self.day(now), now.seconds, result.orderNo])
                return try self.realNameStatus(db, memberId: actor.id)
            }
        }
    }

    /// `identity.realname.status`: a member's own status, or (service actor, or administrator
    /// within scope) the status of `memberId`.
    public func realNameStatus(_ db: Database, _ request: RealNameStatusRequest, call: AuthCall) throws -> RealNameStatus {
        guard let actor = call.actor else { throw Self.forbidden() }
        switch actor.kind {
        case .member:
            if let other = request.memberId, other != actor.id { throw Self.forbidden() }
            return try realNameStatus(db, memberId: actor.id)
        case .admin, .service:
            guard let memberId = request.memberId else {
                throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.memberId", "reason": "missing"])
            }
            guard let org = try String.fetchOne(db.cachedStatement(sql: "SELECT orgCode FROM member WHERE id = ?"), arguments: [memberId]) else {
                throw ErrorBody.make(ErrorCode.notFound, details: ["field": "body.memberId"])
            }
            try requireScope(db, actor: actor, orgCode: org)
            return try realNameStatus(db, memberId: memberId)
        case .anonymous:
            throw Self.forbidden()
        }
    }

    public func realNameStatus(_ request: RealNameStatusRequest, call: AuthCall) async throws -> RealNameStatus {
        try await store.read { db in try self.realNameStatus(db, request, call: call) }
    }
}
