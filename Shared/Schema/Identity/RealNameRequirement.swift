/// Real-name verification before party-affairs functions (DOMAIN.md, *(policy)* Shenzhen): identity
/// owns the setting (`IdentitySettings.realNameVerificationRequired`) and each member's status
/// (`identity.realname.status`); the services of party affairs (dues, transfers, meetings) refuse a
/// member's own commands with this one code while verification is required and not done today.
/// The rule itself is `RealNameGate` (Shared/ServiceKit).
extension ErrorCode {
    public static let identityRealNameRequired = define(
        "identity.realname_required", "请先完成今日的实名核验，再办理党务", status: 403)
}
