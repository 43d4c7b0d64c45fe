import Bus
import Payments
import Schema

/// Identity over the bus: the SMS confirmation factor, as the service `payments`.
struct BusIdentity: IdentityPort {
    let client: BusClient
    static let actor = Actor.service("payments")

    func sendCode(memberId: String) async throws(ErrorBody) -> CodeSent {
        try await client.call(IdentityAPI.codeSend.type, CodeSendRequest(memberId: memberId, purpose: VerificationCodeRequestedEvent.purposePayment),
                              as: CodeSent.self, actor: Self.actor)
    }

    func checkCode(codeId: String, memberId: String, code: String) async throws(ErrorBody) {
        _ = try await client.call(IdentityAPI.codeCheck.type, CodeCheckRequest(codeId: codeId, memberId: memberId, code: code),
                                  as: Empty.self, actor: Self.actor)
    }

    func openid(_ memberId: String) async throws(ErrorBody) -> String? {
        try await client.call(IdentityAPI.memberContacts.type, MemberContactsRequest(memberIds: [memberId]), as: MemberContacts.self,
                              actor: Self.actor).items.first?.openid
    }

    func subtree(_ orgCode: String?, as admin: Actor) async throws(ErrorBody) -> [String] {
        var codes: [String] = []
        while true {
            let page = try await client.call(IdentityAPI.orgSubtree.type, SubtreeQuery(code: orgCode, offset: codes.count, limit: 500),
                                             as: OrganizationPage.self, actor: admin)
            codes += page.items.map(\.code)
            if page.items.isEmpty || codes.count >= page.total { return codes }
        }
    }

    func mayManage(_ admin: Actor, memberId: String) async throws(ErrorBody) -> Bool {
        try await client.call(IdentityAPI.authorize.type, AuthorizeRequest(memberId: memberId, actor: admin), as: AuthorizeReply.self,
                              actor: Self.actor).allowed
    }

    func ownRecord(_ memberId: String) async throws(ErrorBody) -> MemberView {
        try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberId), as: MemberView.self,
                              actor: Actor(kind: .member, id: memberId))
    }

    func member(_ memberId: String) async throws(ErrorBody) -> MemberView {
        try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberId), as: MemberView.self, actor: Self.actor)
    }
}
