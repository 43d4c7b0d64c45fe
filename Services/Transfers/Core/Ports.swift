import Schema

/// Identity as transfers needs it. Every change goes as the service `transfers` with the request
/// id given, so identity's de-duplication applies each change once however often it is sent.
public protocol IdentityPort: Sendable {
    func reassign(_ request: ReassignMember, requestId: String) async throws(ErrorBody) -> MemberView
    func setStatus(_ request: ChangeMemberStatus, requestId: String) async throws(ErrorBody) -> MemberView
    func create(_ request: CreateMember, requestId: String) async throws(ErrorBody) -> MemberView
    /// The member's record (for the letter: sex, birth date, ethnicity, ID number, member type).
    func member(_ memberId: String) async throws(ErrorBody) -> MemberView
    /// Is this ID number an active member of the installation already?
    func isMember(idNumber: String) async throws(ErrorBody) -> Bool
    /// The member holding this ID number, in any status but deceased (someone who left and comes back).
    func memberId(holding idNumber: String) async throws(ErrorBody) -> String?
}

/// Dues as transfers needs it: 党费交到 for the letter.
public protocol DuesPort: Sendable {
    /// yyyy-MM, or nil when nothing was ever paid.
    func paidThrough(memberId: String) async throws(ErrorBody) -> String?
}
