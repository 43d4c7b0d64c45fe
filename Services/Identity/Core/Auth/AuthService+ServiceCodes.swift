import Foundation
import GRDB
import Schema

/// Codes other services ask for (a payment's SMS confirmation factor): made, sent and checked here,
/// where the phone on record lives, with the same limits as login codes. The asking service only ever
/// holds the code id.
extension AuthService {
    static let servicePurposes: Set<String> = [VerificationCodeRequestedEvent.purposePayment]

    /// `identity.code.send`.
    public func sendCode(_ db: Database, _ request: CodeSendRequest, call: AuthCall) throws -> CodeSent {
        guard Self.servicePurposes.contains(request.purpose) else {
            throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.purpose", "reason": "invalid_value"])
        }
        guard let account = try AccountRecord.fetch(db, memberId: request.memberId), account.isActive else {
            throw ErrorBody.make(ErrorCode.identityMemberNotFound, details: ["field": "body.memberId"])
        }
        guard let phone = account.phone, !phone.isEmpty else {
            throw ErrorBody.make(ErrorCode.identityPhoneMissing, details: ["field": "body.memberId"])
        }
        let codeId = try issueCode(db, account: account, phone: phone, purpose: request.purpose, call: call)
        let expires = try Double.fetchOne(db.cachedStatement(sql: "SELECT expiresAt FROM auth_code WHERE id = ?"), arguments: [codeId]) ?? now().seconds
        return CodeSent(codeId: codeId, maskedPhone: PersonalData.maskPhone(phone), expiresAt: Date(timeIntervalSince1970: expires))
    }

    /// `identity.code.check`: a code of another member, or of a login, is simply wrong. Failures are
    /// returned so the attempt count commits with the transaction.
    public func checkServiceCode(_ db: Database, _ request: CodeCheckRequest) throws -> ErrorBody? {
        guard let account = try AccountRecord.fetch(db, memberId: request.memberId),
              let purpose = try String.fetchOne(db.cachedStatement(sql: "SELECT purpose FROM auth_code WHERE id = ? AND accountId = ?"),
                                                arguments: [request.codeId, account.id]),
              Self.servicePurposes.contains(purpose)
        else { return ErrorBody.make(ErrorCode.identityCodeInvalid, details: ["field": "body.code"]) }
        return try checkCode(db, codeId: request.codeId, code: request.code)
    }
}
