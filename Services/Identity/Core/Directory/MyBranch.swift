import GRDB
import Schema

extension Members {
    /// 我的支部: the acting member's branch, its parent's name, how many active members it has, and
    /// its leaders (书记, 副书记, 委员) with their phones, so a member can call their secretary.
    public static func myBranch(_ db: Database, by actor: Actor) throws -> MyBranch {
        guard actor.kind == .member else { throw Scope.forbidden(nil, reason: "not_member") }
        let me = try MemberRecord.existing(db, id: actor.id, field: "actor")
        guard let org = try OrganizationRecord.fetch(db, code: me.orgCode) else {
            throw ErrorBody.make(ErrorCode.identityMemberNotFound, details: ["field": "actor"])
        }
        let parentName = try org.parentCode.flatMap { try OrganizationRecord.fetch(db, code: $0)?.name }
        let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM member WHERE orgCode = ? AND status = 'active'"),
                                     arguments: [org.code]) ?? 0
        let rank: [MemberPost: Int] = [.secretary: 0, .deputySecretary: 1, .committeeMember: 2]
        let leaders = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT name, post, phone FROM member WHERE orgCode = ? AND status = 'active' AND post != 'member' ORDER BY name, id
            """), arguments: [org.code])
            .compactMap { row -> BranchLeader? in
                guard let post = MemberPost(rawValue: row["post"]), post != .member else { return nil }
                return BranchLeader(name: row["name"], post: post, phone: row["phone"])
            }
            .sorted { rank[$0.post, default: 9] < rank[$1.post, default: 9] }
        return MyBranch(orgCode: org.code, orgName: org.name, unit: org.unit, parentName: parentName, memberCount: count, leaders: leaders)
    }
}
