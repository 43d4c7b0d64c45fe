import Schema

/// What payments asks of identity: the SMS confirmation factor. The code is made, sent to the phone
/// on record and checked there; payments only holds its id.
public protocol IdentityPort: Sendable {
    func sendCode(memberId: String) async throws(ErrorBody) -> CodeSent
    func checkCode(codeId: String, memberId: String, code: String) async throws(ErrorBody)
    /// Names and organizations for vouchers and certificates.
    func member(_ memberId: String) async throws(ErrorBody) -> MemberView
    /// The member's own record as they see it (name and ID number unmasked): what a 银行缴费协议 sends
    /// to UnionPay as the holder. Asked as the member, so identity's own-record rule applies.
    func ownRecord(_ memberId: String) async throws(ErrorBody) -> MemberView
    /// The member's WeChat openid (JSAPI pays as that WeChat user); nil when not bound.
    func openid(_ memberId: String) async throws(ErrorBody) -> String?
    /// The organization codes of `orgCode`'s subtree as the administrator may see it (identity's scope:
    /// out of scope → `identity.forbidden`).
    func subtree(_ orgCode: String?, as admin: Actor) async throws(ErrorBody) -> [String]
    /// Whether the administrator may act on the member (their organization or one below it).
    func mayManage(_ admin: Actor, memberId: String) async throws(ErrorBody) -> Bool
}

extension IdentityPort {
    public func ownRecord(_ memberId: String) async throws(ErrorBody) -> MemberView { try await member(memberId) }

    /// The code the person typed, checked by identity; a refusal names the form's `body.code` field.
    func checkTypedCode(codeId: String, memberId: String, code: String) async throws(ErrorBody) {
        do throws(ErrorBody) {
            try await checkCode(codeId: codeId, memberId: memberId, code: code)
        } catch {
            throw ErrorBody.make(error.code, details: error.details.merging(["field": "body.code"]) { $1 }, message: error.message)
        }
    }
}
