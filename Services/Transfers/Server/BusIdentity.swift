import Bus
import Schema
import Transfers

/// Identity over the bus, as the service `transfers`. Changes carry the caller's fixed request id:
/// identity de-duplicates commands by it, so a retry after a crash is the same request.
struct BusIdentity: IdentityPort {
    let client: BusClient
    static let actor = Actor.service("transfers")

    func reassign(_ request: ReassignMember, requestId: String) async throws(ErrorBody) -> MemberView {
        try await client.call(IdentityAPI.memberReassign.type, request, as: MemberView.self, actor: Self.actor, id: requestId)
    }

    func setStatus(_ request: ChangeMemberStatus, requestId: String) async throws(ErrorBody) -> MemberView {
        try await client.call(IdentityAPI.memberStatus.type, request, as: MemberView.self, actor: Self.actor, id: requestId)
    }

    func create(_ request: CreateMember, requestId: String) async throws(ErrorBody) -> MemberView {
        try await client.call(IdentityAPI.memberCreate.type, request, as: MemberView.self, actor: Self.actor, id: requestId)
    }

    func member(_ memberId: String) async throws(ErrorBody) -> MemberView {
        try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberId), as: MemberView.self, actor: Self.actor)
    }

    func isMember(idNumber: String) async throws(ErrorBody) -> Bool {
        try await client.call(IdentityAPI.memberSearch.type, MemberSearch(idNumber: idNumber, status: .active, limit: 1),
                              as: MemberPage.self, actor: Self.actor).total > 0
    }

    func memberId(holding idNumber: String) async throws(ErrorBody) -> String? {
        for status in [MemberStatus.active, .transferredOut, .removed] {
            let page = try await client.call(IdentityAPI.memberSearch.type, MemberSearch(idNumber: idNumber, status: status, limit: 1),
                                             as: MemberPage.self, actor: Self.actor)
            if let member = page.items.first { return member.id }
        }
        return nil
    }
}
