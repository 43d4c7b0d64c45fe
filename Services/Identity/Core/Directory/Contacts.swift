import Foundation
import GRDB
import Schema
import Store

/// identity.member.contacts: phones and WeChat openids of members, for notifications only.
public enum Contacts {
    public static let maxIds = 1000

    public static func fetch(_ db: Database, _ request: MemberContactsRequest, by actor: Actor) throws -> MemberContacts {
        guard actor.kind == .service else { throw ErrorBody.make(ErrorCode.identityForbidden) }
        guard request.memberIds.count <= maxIds else {
            throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.memberIds", "reason": "invalid_value"])
        }
        var items: [MemberContact] = []
        items.reserveCapacity(request.memberIds.count)
        for chunk in stride(from: 0, to: request.memberIds.count, by: 500) {
            let ids = Array(request.memberIds[chunk..<min(chunk + 500, request.memberIds.count)])
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT m.id, m.phone, w.openid FROM member m LEFT JOIN auth_wechat w ON w.memberId = m.id
                WHERE m.id IN (\(marks))
                """), arguments: StatementArguments(ids))
            for row in rows {
                items.append(MemberContact(memberId: row["id"], phone: row["phone"], openid: row["openid"]))
            }
        }
        return MemberContacts(items: items)
    }
}
