import Authority
import Foundation
import GRDB
import Schema

/// Bulk import of the party statistics system's (党统) export: an organizations CSV and a members
/// CSV. Every row is checked first and every problem collected as (line, column, reason); if there
/// is any, nothing is written and the reply lists them all. Otherwise everything is applied in the
/// caller's transaction: organizations parents first, members with their login accounts (initial
/// password marker, no hashing), and one event per created organization and member.
public enum DirectoryImport {
    public enum OrgColumn {
        public static let code = "组织代码"
        public static let name = "组织名称"
        public static let type = "组织类型"
        public static let parent = "上级组织代码"
        public static let unit = "所属单位"
        public static let village = "是否村社区"
        static let required = [code, name, type, parent]
    }

    public enum MemberColumn {
        public static let name = "姓名"
        public static let idNumber = "身份证号码"
        public static let ethnicity = "民族"
        public static let phone = "手机号码"
        public static let memberType = "人员类别"
        public static let joinDate = "入党日期"
        public static let branch = "所在支部代码"
        public static let unit = "所属单位"
        public static let post = "党内职务"
        static let required = [name, idNumber, memberType, branch]
    }

    static let orgFile = "organizations"
    static let memberFile = "members"

    /// Checks, then applies all or nothing. `progress(done, total)` is called as rows are written
    /// (total = organizations + members), last with done == total. Row problems come back in
    /// `errors` with nothing written; other refusals (not an administrator) throw `ErrorBody`.
    public static func run(_ db: Database, organizationsCSV: String?, membersCSV: String?, by actor: Actor, now: Date,
                           requestId: String? = nil,
                           progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> ImportReply {
        try Scope.requireAdministrator(actor)
        guard let scopePath = try Scope.administeredPath(db, actor) else { throw Scope.forbidden() }
        var errors: [ImportRowError] = []
        let orgs = try checkOrganizations(db, organizationsCSV ?? "", actor: actor, scopePath: scopePath, errors: &errors)
        let members = try checkMembers(db, membersCSV ?? "", planned: orgs, scopePath: scopePath, now: now, errors: &errors)
        guard errors.isEmpty else {
            return ImportReply(organizationsCreated: 0, membersCreated: 0, errors: errors)
        }

        let total = orgs.ordered.count + members.count
        var done = 0
        progress?(0, total)
        let step = max(1, total / 100)
        for org in orgs.ordered {
            let parent = try org.parentCode.flatMap { try OrganizationRecord.fetch(db, code: $0) }
            try Organizations.insert(db, code: org.code, name: org.name, type: org.type, parent: parent, unit: org.unit,
                                     secretaryMemberId: nil, isVillage: org.isVillage, now: now)
            let created = try OrganizationRecord.fetch(db, code: org.code)!
            try Directory.appendEvent(db, IdentityEvent.orgCreated, created.event, actor: actor, requestId: requestId)
            done += 1
            if done % step == 0 { progress?(done, total) }
        }
        for m in members {
            let id = Directory.newID()
            try Members.insert(db, id: id, idNumber: m.idNumber, name: m.name, ethnicity: m.ethnicity, phone: m.phone,
                               memberType: m.memberType, joinDate: m.joinDate, orgCode: m.branchCode, unit: m.unit,
                               post: m.post, reviewed: true, now: now)
            let event = MemberEvent(memberId: id, name: m.name, orgCode: m.branchCode, orgPath: m.branchPath,
                                    memberType: m.memberType, post: m.post, status: .active, joinDate: m.joinDate,
                                    unit: m.unit, hasPhone: m.phone != nil)
            try Directory.appendEvent(db, IdentityEvent.memberCreated, event, actor: actor, requestId: requestId)
            done += 1
            if done % step == 0 { progress?(done, total) }
        }
        if done % step != 0 || total == 0 { progress?(done, total) }
        return ImportReply(organizationsCreated: orgs.ordered.count, membersCreated: members.count, errors: [])
    }

    /// The bus error for a failed import: `identity.import_invalid`, details "errors" = the list as
    /// JSON, "count", and the first problem's "file", "line" and "column".
    public static func error(for reply: ImportReply) -> ErrorBody? {
        guard let first = reply.errors.first else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(reply.errors)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return ErrorBody.make(ErrorCode.identityImportInvalid, details: [
            "field": first.file == orgFile ? "body.organizationsCSV" : "body.membersCSV",
            "count": String(reply.errors.count), "file": first.file, "line": String(first.line),
            "column": first.column, "errors": json,
        ], message: "导入文件有\(reply.errors.count)处错误，未导入任何数据。第一处：\(first.file == orgFile ? "组织" : "党员")文件第\(first.line)行「\(first.column)」\(first.reason)")
    }

    // MARK: Reading

    /// Header → index; reports missing required columns on line 1.
    static func header(_ records: [CSV.Record], required: [String], file: String, errors: inout [ImportRowError]) -> [String: Int]? {
        guard let first = records.first else { return nil }
        var index: [String: Int] = [:]
        for (i, name) in first.fields.enumerated() {
            index[name.trimmingCharacters(in: .whitespacesAndNewlines)] = i
        }
        var ok = true
        for name in required where index[name] == nil {
            errors.append(ImportRowError(file: file, line: first.line, column: name, reason: "缺少此列"))
            ok = false
        }
        return ok ? index : nil
    }

    static func parse(_ text: String, file: String, errors: inout [ImportRowError]) -> [CSV.Record] {
        do {
            return try CSV.parse(text)
        } catch {
            errors.append(ImportRowError(file: file, line: error.line, column: "", reason: "CSV 格式错误：\(error.reason)"))
            return []
        }
    }

    struct Row {
        let record: CSV.Record
        let index: [String: Int]
        func callAsFunction(_ column: String) -> String {
            guard let i = index[column], i < record.fields.count else { return "" }
            return record.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    // MARK: Organizations

    struct PlannedOrg {
        var line: Int
        var code: String
        var name: String
        var type: OrganizationType
        var parentCode: String?
        var unit: String
        var isVillage: Bool
        var path: String
        var valid: Bool
        /// The type column was understood (otherwise `type` is a placeholder).
        var typeKnown: Bool
    }

    struct PlannedOrgs {
        /// Valid rows, parents before children.
        var ordered: [PlannedOrg] = []
        /// Every row by code, valid or not (so members can tell "not found" from "row has errors").
        var byCode: [String: PlannedOrg] = [:]
    }

    static func checkOrganizations(_ db: Database, _ text: String, actor: Actor, scopePath: String,
                                   errors: inout [ImportRowError]) throws -> PlannedOrgs {
        var planned = PlannedOrgs()
        let records = parse(text, file: orgFile, errors: &errors)
        guard let index = header(records, required: OrgColumn.required, file: orgFile, errors: &errors) else { return planned }
        func fail(_ line: Int, _ column: String, _ reason: String) {
            errors.append(ImportRowError(file: orgFile, line: line, column: column, reason: reason))
        }

        // First pass: each row on its own; codes unique in the file and new to the store.
        var rows: [PlannedOrg] = []
        for record in records.dropFirst() {
            let row = Row(record: record, index: index)
            let line = record.line
            var valid = true
            let code = row(OrgColumn.code)
            if !Organizations.isValidCode(code) {
                fail(line, OrgColumn.code, code.isEmpty ? "不能为空" : "组织代码只能由数字组成"); valid = false
            } else if let earlier = planned.byCode[code] {
                fail(line, OrgColumn.code, "组织代码与第\(earlier.line)行重复"); valid = false
            } else if try Organizations.codeExists(db, code) {
                fail(line, OrgColumn.code, "组织代码已存在"); valid = false
            }
            let name = row(OrgColumn.name)
            if name.isEmpty { fail(line, OrgColumn.name, "不能为空"); valid = false }
            let typeText = row(OrgColumn.type)
            let type = OrganizationType(chineseName: typeText) ?? OrganizationType(rawValue: typeText)
            if type == nil { fail(line, OrgColumn.type, "组织类型应为党委、党工委、党总支、党支部或党小组"); valid = false }
            let parentCode = row(OrgColumn.parent)
            if !parentCode.isEmpty, !Organizations.isValidCode(parentCode) {
                fail(line, OrgColumn.parent, "组织代码只能由数字组成"); valid = false
            }
            var village = false
            switch row(OrgColumn.village) {
            case "", "否", "N", "n", "0", "false": village = false
            case "是", "Y", "y", "1", "true": village = true
            default: fail(line, OrgColumn.village, "应为“是”或“否”"); valid = false
            }
            let org = PlannedOrg(line: line, code: code, name: name, type: type ?? .branch,
                                 parentCode: parentCode.isEmpty ? nil : parentCode, unit: row(OrgColumn.unit),
                                 isVillage: village, path: "", valid: valid, typeKnown: type != nil)
            rows.append(org)
            if Organizations.isValidCode(code), planned.byCode[code] == nil { planned.byCode[code] = org }
        }

        // Second pass, parents first (a child's code is longer than its parent's): place each row in the tree.
        for var org in rows.sorted(by: { ($0.code.count, $0.line) < ($1.code.count, $1.line) }) {
            let parentPath: String?
            var parentType: OrganizationType?
            if let parentCode = org.parentCode {
                if let inFile = planned.byCode[parentCode], inFile.line != org.line {
                    // A parent row with its own errors is reported there; this row just cannot be placed.
                    parentPath = inFile.valid ? inFile.path : nil
                    parentType = inFile.type
                    if !inFile.valid { org.valid = false }
                } else if let stored = try OrganizationRecord.fetch(db, code: parentCode), stored.isActive {
                    parentPath = stored.path
                    parentType = stored.type
                    if !Authority.isWithin(stored.path, scope: scopePath) {
                        fail(org.line, OrgColumn.parent, "上级组织不在您的管理范围内"); org.valid = false
                    }
                } else {
                    fail(org.line, OrgColumn.parent, "上级组织不存在"); org.valid = false
                    parentPath = nil
                }
                if let parentType, org.typeKnown, !parentType.allowedChildren.contains(org.type) {
                    fail(org.line, OrgColumn.type, "\(parentType.chineseName)下不能设立\(org.type.chineseName)"); org.valid = false
                }
                if Organizations.isValidCode(org.code), !(org.code.hasPrefix(parentCode) && org.code.count > parentCode.count) {
                    fail(org.line, OrgColumn.code, "组织代码应以上级组织代码 \(parentCode) 开头"); org.valid = false
                }
                org.path = (parentPath ?? "") + org.code + "/"
            } else {
                if !Scope.isTopLevel(actor) {
                    fail(org.line, OrgColumn.parent, "不能为空：只有市委组织部可以导入顶级组织"); org.valid = false
                } else if org.typeKnown, !org.type.isCommittee {
                    fail(org.line, OrgColumn.type, "顶级组织只能是党委或党工委"); org.valid = false
                }
                org.path = "/" + org.code + "/"
            }
            if planned.byCode[org.code]?.line == org.line { planned.byCode[org.code] = org }
            if org.valid { planned.ordered.append(org) }
        }
        return planned
    }

    // MARK: Members

    struct PlannedMember {
        var name: String
        var idNumber: IDNumber
        var ethnicity: String
        var phone: String?
        var memberType: MemberType
        var joinDate: String?
        var branchCode: String
        var branchPath: String
        var unit: String
        var post: MemberPost
    }

    static func checkMembers(_ db: Database, _ text: String, planned: PlannedOrgs, scopePath: String, now: Date,
                             errors: inout [ImportRowError]) throws -> [PlannedMember] {
        let records = parse(text, file: memberFile, errors: &errors)
        guard let index = header(records, required: MemberColumn.required, file: memberFile, errors: &errors) else { return [] }
        func fail(_ line: Int, _ column: String, _ reason: String) {
            errors.append(ImportRowError(file: memberFile, line: line, column: column, reason: reason))
        }
        let idTaken = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM member WHERE idNumber = ?)")
        let phoneTaken = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM member WHERE phone = ?)")
        var seenIDs: [String: Int] = [:]
        var seenPhones: [String: Int] = [:]
        var branches: [String: Result<String, ImportFailure>] = [:]
        var members: [PlannedMember] = []
        members.reserveCapacity(records.count)

        for record in records.dropFirst() {
            let row = Row(record: record, index: index)
            let line = record.line
            var valid = true

            let name = row(MemberColumn.name)
            if name.isEmpty { fail(line, MemberColumn.name, "不能为空"); valid = false }

            var idNumber: IDNumber?
            switch IDNumber.parse(row(MemberColumn.idNumber), now: now) {
            case .failure(let problem):
                fail(line, MemberColumn.idNumber, row(MemberColumn.idNumber).isEmpty ? "不能为空" : problem.message); valid = false
            case .success(let id):
                if let earlier = seenIDs[id.value] {
                    fail(line, MemberColumn.idNumber, "身份证号码与第\(earlier)行重复"); valid = false
                } else if try Bool.fetchOne(idTaken, arguments: [id.value]) ?? false {
                    fail(line, MemberColumn.idNumber, "该身份证号码已登记"); valid = false
                }
                seenIDs[id.value] = seenIDs[id.value] ?? line
                idNumber = id
            }

            var phone: String?
            let phoneText = row(MemberColumn.phone)
            if !phoneText.isEmpty {
                if !PhoneNumber.isValid(phoneText) {
                    fail(line, MemberColumn.phone, "手机号码无效，应为11位大陆手机号"); valid = false
                } else if let earlier = seenPhones[phoneText] {
                    fail(line, MemberColumn.phone, "手机号码与第\(earlier)行重复"); valid = false
                } else if try Bool.fetchOne(phoneTaken, arguments: [phoneText]) ?? false {
                    fail(line, MemberColumn.phone, "该手机号码已被其他党员使用"); valid = false
                }
                seenPhones[phoneText] = seenPhones[phoneText] ?? line
                phone = phoneText
            }

            var memberType = MemberType.full
            switch row(MemberColumn.memberType) {
            case "正式党员", "正式", "full": memberType = .full
            case "预备党员", "预备", "probationary": memberType = .probationary
            default: fail(line, MemberColumn.memberType, "应为“正式党员”或“预备党员”"); valid = false
            }

            var joinDate: String?
            let joinText = row(MemberColumn.joinDate)
            if !joinText.isEmpty {
                if let date = DirectoryDates.normalize(joinText), date >= "1921-01-01", date <= DirectoryDates.today(now) {
                    joinDate = date
                } else {
                    fail(line, MemberColumn.joinDate, "日期无效，应为 yyyy-MM-dd"); valid = false
                }
            }

            var post = MemberPost.member
            switch row(MemberColumn.post) {
            case "", "党员", "普通党员", "member": post = .member
            case "书记", "支部书记", "secretary": post = .secretary
            case "副书记", "支部副书记", "deputy_secretary": post = .deputySecretary
            case "委员", "支委", "支部委员", "committee_member": post = .committeeMember
            default: fail(line, MemberColumn.post, "应为书记、副书记、委员或空"); valid = false
            }

            let branchCode = row(MemberColumn.branch)
            var branchPath = ""
            if branchCode.isEmpty {
                fail(line, MemberColumn.branch, "不能为空"); valid = false
            } else {
                let resolved: Result<String, ImportFailure>
                if let cached = branches[branchCode] {
                    resolved = cached
                } else {
                    resolved = try resolveBranch(db, branchCode, planned: planned, scopePath: scopePath)
                    branches[branchCode] = resolved
                }
                switch resolved {
                case .success(let path): branchPath = path
                case .failure(let failure):
                    valid = false
                    if let reason = failure.reason { fail(line, MemberColumn.branch, reason) }
                }
            }

            if valid, let idNumber {
                members.append(PlannedMember(name: name, idNumber: idNumber, ethnicity: row(MemberColumn.ethnicity),
                                             phone: phone, memberType: memberType, joinDate: joinDate,
                                             branchCode: branchCode, branchPath: branchPath,
                                             unit: row(MemberColumn.unit), post: post))
            }
        }
        return members
    }

    /// nil reason: the organization's own row has errors, reported there.
    struct ImportFailure: Error { var reason: String? }

    static func resolveBranch(_ db: Database, _ code: String, planned: PlannedOrgs, scopePath: String) throws -> Result<String, ImportFailure> {
        if let org = planned.byCode[code] {
            guard org.type == .branch else { return .failure(ImportFailure(reason: "不是党支部")) }
            guard org.valid else { return .failure(ImportFailure(reason: nil)) }
            return .success(org.path)
        }
        guard let org = try OrganizationRecord.fetch(db, code: code), org.isActive else {
            return .failure(ImportFailure(reason: "支部不存在"))
        }
        guard org.type == .branch else { return .failure(ImportFailure(reason: "不是党支部")) }
        guard Authority.isWithin(org.path, scope: scopePath) else { return .failure(ImportFailure(reason: "不在您的管理范围内")) }
        return .success(org.path)
    }
}
