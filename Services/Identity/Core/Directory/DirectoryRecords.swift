import Foundation
import GRDB
import Schema
import Store

/// A row of `organization`.
struct OrganizationRecord: Sendable, Equatable {
    var code: String
    var name: String
    var type: OrganizationType
    var parentCode: String?
    var path: String
    var depth: Int
    var unit: String
    var secretaryMemberId: String?
    var isVillage: Bool
    var dissolvedAt: Date?
    var createdAt: Date
    var updatedAt: Date

    private static let columns = "code, name, type, parentCode, path, depth, unit, secretaryMemberId, isVillage, dissolvedAt, createdAt, updatedAt"

    /// A row of `columns`, read by position: GRDB's lookup by name (case-insensitive) showed in the
    /// profile of every directory read.
    private init(row: Row) {
        code = row[0]
        name = row[1]
        type = OrganizationType(rawValue: row[2]) ?? .branch
        parentCode = row[3]
        path = row[4]
        depth = row[5]
        unit = row[6]
        secretaryMemberId = row[7]
        isVillage = row[8]
        dissolvedAt = (row[9] as Double?).map { Date(timeIntervalSince1970: $0) }
        createdAt = Date(timeIntervalSince1970: row[10])
        updatedAt = Date(timeIntervalSince1970: row[11])
    }

    var isActive: Bool { dissolvedAt == nil }

    /// Codes from the root down to this organization, parsed from the path.
    var pathCodes: [String] { path.split(separator: "/").map(String.init) }

    var view: OrganizationView {
        OrganizationView(code: code, name: name, type: type, parentCode: parentCode, path: path, depth: depth,
                         unit: unit, secretaryMemberId: secretaryMemberId, isVillage: isVillage,
                         dissolvedAt: dissolvedAt, createdAt: createdAt, updatedAt: updatedAt)
    }

    var event: OrganizationEvent {
        OrganizationEvent(code: code, name: name, type: type, parentCode: parentCode, path: path, depth: depth,
                          unit: unit, isVillage: isVillage, secretaryMemberId: secretaryMemberId,
                          dissolved: dissolvedAt != nil)
    }

    /// Dissolved ones included.
    /// Read through a cursor, whose row is a view on the statement: `Row.fetchOne`/`fetchAll` copy
    /// each row (names and values) before it is read once.
    static func fetch(_ db: Database, code: String) throws -> OrganizationRecord? {
        try Row.fetchCursor(try db.cachedStatement(sql: "SELECT \(columns) FROM organization WHERE code = ?"), arguments: [code])
            .map(OrganizationRecord.init(row:)).next()  // read while the cursor lives: its end resets the statement
    }

    /// `SELECT columns FROM organization WHERE <filter>` (the filter may go on with ORDER BY and LIMIT).
    static func fetchAll(_ db: Database, where filter: String, arguments: StatementArguments = []) throws -> [OrganizationRecord] {
        try Array(Row.fetchCursor(try db.cachedStatement(sql: "SELECT \(columns) FROM organization WHERE " + filter), arguments: arguments)
            .map(OrganizationRecord.init(row:)))
    }

    /// An organization that exists and is not dissolved, or `identity.org_not_found` naming `field`.
    static func active(_ db: Database, code: String, field: String) throws -> OrganizationRecord {
        guard let org = try fetch(db, code: code), org.isActive else {
            throw ErrorBody.make(ErrorCode.identityOrgNotFound, details: ["field": field])
        }
        return org
    }
}

/// A row of `member`, with its branch's name and path.
struct MemberRecord: Sendable, Equatable {
    var id: String
    var idNumber: String
    var name: String
    var sex: Sex
    var birthDate: String
    var ethnicity: String
    var phone: String?
    var memberType: MemberType
    var joinDate: String?
    var orgCode: String
    var orgName: String
    var orgPath: String
    var unit: String
    var post: MemberPost
    var status: MemberStatus
    var reviewed: Bool
    var createdAt: Date
    var updatedAt: Date

    static let select = """
        SELECT m.id, m.idNumber, m.name, m.sex, m.birthDate, m.ethnicity, m.phone, m.memberType, m.joinDate,
               m.orgCode, o.name AS orgName, o.path AS orgPath, m.unit, m.post, m.status, m.reviewed,
               m.createdAt, m.updatedAt
        FROM member m JOIN organization o ON o.code = m.orgCode
        """

    init(row: Row) {
        id = row["id"]
        idNumber = row["idNumber"]
        name = row["name"]
        sex = Sex(rawValue: row["sex"]) ?? .male
        birthDate = row["birthDate"]
        ethnicity = row["ethnicity"]
        phone = row["phone"]
        memberType = MemberType(rawValue: row["memberType"]) ?? .full
        joinDate = row["joinDate"]
        orgCode = row["orgCode"]
        orgName = row["orgName"]
        orgPath = row["orgPath"]
        unit = row["unit"]
        post = MemberPost(rawValue: row["post"]) ?? .member
        status = MemberStatus(rawValue: row["status"]) ?? .active
        reviewed = row["reviewed"]
        createdAt = Date(timeIntervalSince1970: row["createdAt"])
        updatedAt = Date(timeIntervalSince1970: row["updatedAt"])
    }

    static func fetch(_ db: Database, id: String) throws -> MemberRecord? {
        try Row.fetchOne(try db.cachedStatement(sql: "\(select) WHERE m.id = ?"), arguments: [id]).map(MemberRecord.init(row:))
    }

    /// Or `identity.member_not_found` naming `field`.
    static func existing(_ db: Database, id: String, field: String) throws -> MemberRecord {
        guard let member = try fetch(db, id: id) else {
            throw ErrorBody.make(ErrorCode.identityMemberNotFound, details: ["field": field])
        }
        return member
    }

    /// Full or masked ID number and phone.
    func view(masked: Bool) -> MemberView {
        MemberView(id: id, idNumber: masked ? PersonalData.maskID(idNumber) : idNumber, name: name, sex: sex,
                   birthDate: birthDate, ethnicity: ethnicity, phone: masked ? phone.map(PersonalData.maskPhone) : phone,
                   memberType: memberType, joinDate: joinDate, orgCode: orgCode, orgName: orgName, unit: unit,
                   post: post, status: status, reviewed: reviewed, masked: masked, createdAt: createdAt,
                   updatedAt: updatedAt)
    }

    func event(previousOrgCode: String? = nil, previousStatus: MemberStatus? = nil, reason: String? = nil) -> MemberEvent {
        MemberEvent(memberId: id, name: name, orgCode: orgCode, orgPath: orgPath, memberType: memberType, post: post,
                    status: status, joinDate: joinDate, unit: unit, hasPhone: phone != nil,
                    previousOrgCode: previousOrgCode, previousStatus: previousStatus, reason: reason)
    }
}

/// Small helpers shared by the directory's functions.
enum Directory {
    static func trimmed(_ text: String?) -> String? {
        text?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A non-empty trimmed name or `identity.name_invalid` naming `field`.
    static func name(_ text: String, field: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw ErrorBody.make(ErrorCode.identityNameInvalid, details: ["field": field])
        }
        return name
    }

    /// `column` lies in the subtree whose path is `path`: a range on the path, so SQLite serves it
    /// from the path index (a LIKE prefix would scan). Paths hold digits and "/", all below "~".
    static func inSubtree(_ column: String) -> String { "\(column) >= ? AND \(column) < ?" }
    static func subtreeBounds(_ path: String) -> [String] { [path, path + "~"] }

    /// Escapes LIKE wildcards for `ESCAPE '\'`.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func appendEvent<Body: Codable & Sendable>(
        _ db: Database, _ type: String, _ body: Body, actor: Actor, requestId: String?
    ) throws {
        try EventWriter.append(db, type: type, body: body, actor: actor, correlationId: requestId)
    }

    static func page(offset: Int?, limit: Int?, defaultLimit: Int, maxLimit: Int) -> (offset: Int, limit: Int) {
        (max(0, offset ?? 0), min(max(1, limit ?? defaultLimit), maxLimit))
    }

    static func newID() -> String { UUID().uuidString.lowercased() }
}
