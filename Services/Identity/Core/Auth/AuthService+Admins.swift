import Authority
import Foundation
import GRDB
import Schema
import Store

/// Administrator accounts are people: a name and post, a mobile (their SMS codes go there) and an
/// office phone, the organization they administer. They are created, listed, edited, disabled and
/// enabled by an administrator of their organization (the other administrator) or of a higher one
/// (seed 003: 上级党组织 or 支部其他管理员 corrects a wrong phone), and every create, edit, disable
/// and enable appends `identity.admin.changed` (AdminEvent) in the same transaction.
///
/// Nobody disables, enables or changes the mobile of their own account: the mobile is their second
/// factor, so it is corrected by someone else.
extension AuthService {
    /// Letters (a–z, A–Z) and digits only, 1…32 characters.
    static func isValidUsername(_ username: String) -> Bool {
        (1...32).contains(username.unicodeScalars.count) && username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }

    static let maxAdminPage = 200

    // MARK: Field checks

    /// A trimmed name of 1…50 characters, or `identity.admin_name_invalid` naming `field`.
    static func adminName(_ text: String, field: String) throws(ErrorBody) -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...50).contains(name.count) else {
            throw ErrorBody.make(ErrorCode.identityAdminNameInvalid, details: ["field": field])
        }
        return name
    }

    /// A trimmed post of 1…20 characters (书记, 副书记, 组织委员, 操作员…), or `identity.admin_post_invalid`.
    static func adminPost(_ text: String, field: String) throws(ErrorBody) -> String {
        let post = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...20).contains(post.count) else {
            throw ErrorBody.make(ErrorCode.identityAdminPostInvalid, details: ["field": field])
        }
        return post
    }

    /// An office phone as written (digits, "-", optional leading "+", 7…20 characters with at least
    /// 7 digits); "" means none. Otherwise `identity.office_phone_invalid`.
    static func officePhone(_ text: String, field: String) throws(ErrorBody) -> String? {
        let phone = text.trimmingCharacters(in: .whitespaces)
        if phone.isEmpty { return nil }
        let scalars = Array(phone.unicodeScalars)
        let digits = scalars.filter { ("0"..."9").contains($0) }.count
        let allowed = scalars.enumerated().allSatisfy { index, c in
            ("0"..."9").contains(c) || c == "-" || (c == "+" && index == 0)
        }
        guard allowed, (7...20).contains(scalars.count), digits >= 7 else {
            throw ErrorBody.make(ErrorCode.identityOfficePhoneInvalid, details: ["field": field])
        }
        return phone
    }

    /// The person fields of a creation, checked. An administrator (through the API) must give name,
    /// post and mobile; a service actor (djctl bootstrapping) may leave them out.
    struct AdminPerson: Sendable {
        var name: String?
        var post: String?
        var mobile: String?
        var officePhone: String?
    }

    static func checkAdminPerson(_ request: AdminCreateRequest, actor: Schema.Actor?) throws(ErrorBody) -> AdminPerson {
        let required = actor?.kind != .service
        func given(_ value: String?) -> String? {
            guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return value
        }
        for (value, field, label) in [(request.name, "body.name", "姓名"), (request.post, "body.post", "职务"),
                                      (request.mobile, "body.mobile", "移动电话")] where required && given(value) == nil {
            throw ErrorBody.make(ErrorCode.identityAdminFieldRequired, details: ["field": field], message: "请填写管理员的\(label)")
        }
        var person = AdminPerson()
        if let name = given(request.name) { person.name = try adminName(name, field: "body.name") }
        if let post = given(request.post) { person.post = try adminPost(post, field: "body.post") }
        if let mobile = given(request.mobile) { person.mobile = try PhoneNumber.validated(mobile, field: "body.mobile") }
        if let office = request.officePhone { person.officePhone = try officePhone(office, field: "body.officePhone") }
        return person
    }

    static func activeAdminCount(_ db: Database, orgCode: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM account WHERE orgCode = ? AND kind = 'admin' AND disabledAt IS NULL"),
                         arguments: [orgCode]) ?? 0
    }

    func adminLimitError() -> ErrorBody {
        ErrorBody.make(ErrorCode.identityAdminLimit,
                       details: ["field": "body.orgCode", "max": String(settings.maxAdminsPerOrganization)])
    }

    /// The checks of an administrator account creation, run before hashing and again in the write.
    func checkAdminCreate(_ db: Database, _ request: AdminCreateRequest, actor: Schema.Actor?) throws {
        _ = try OrganizationRecord.active(db, code: request.orgCode, field: "body.orgCode")
        try requireScope(db, actor: actor, orgCode: request.orgCode)
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM account WHERE username = ?)"),
                             arguments: [request.username]) == true {
            throw ErrorBody.make(ErrorCode.identityUsernameTaken, details: ["field": "body.username"])
        }
        if try Self.activeAdminCount(db, orgCode: request.orgCode) >= settings.maxAdminsPerOrganization {
            throw adminLimitError()
        }
    }

    /// `identity.admin.create`: an administrator account for an organization in the actor's subtree
    /// (or any, for a service actor such as djctl bootstrapping the first one). It starts with
    /// `adminInitialPassword` and must change it at first login.
    public func createAdmin(_ request: AdminCreateRequest, call: AuthCall) async throws -> AdminAccount {
        guard Self.isValidUsername(request.username) else {
            throw ErrorBody.make(ErrorCode.identityUsernameInvalid, details: ["field": "body.username"])
        }
        try await store.read { db in try self.checkAdminCreate(db, request, actor: call.actor) }
        let person = try Self.checkAdminPerson(request, actor: call.actor)
        let hash = await hasher.hash(settings.adminInitialPassword)
        return try await store.write { db in
            try self.checkAdminCreate(db, request, actor: call.actor)
            let id = UUID().uuidString.lowercased()
            let now = self.now().seconds
            try db.cachedStatement(sql: """
                INSERT INTO account (id, kind, username, orgCode, roles, passwordHash, mustChangePassword, createdAt,
                                     name, post, mobile, officePhone, updatedAt)
                VALUES (?, 'admin', ?, ?, '[]', ?, 1, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, request.username, request.orgCode, hash, now,
                                 person.name, person.post, person.mobile, person.officePhone, now])
            try self.emitAdminChanged(db, accountId: id, call: call)
            return AdminAccount(accountId: id, username: request.username, orgCode: request.orgCode, mustChangePassword: true)
        }
    }

    // MARK: Reading

    struct AdminRecord: Sendable {
        var id: String
        var username: String
        var orgCode: String
        var orgName: String
        var orgPath: String
        var name: String?
        var post: String?
        var mobile: String?
        var officePhone: String?
        var disabledAt: Double?
        var mustChangePassword: Bool
        var createdAt: Double

        static let select = """
            SELECT a.id, a.username, a.orgCode, o.name AS orgName, o.path AS orgPath, a.name, a.post, a.mobile,
                   a.officePhone, a.disabledAt, a.mustChangePassword, a.createdAt
            FROM account a JOIN organization o ON o.code = a.orgCode
            """

        init(row: Row) {
            id = row["id"]; username = row["username"]; orgCode = row["orgCode"]; orgName = row["orgName"]
            orgPath = row["orgPath"]; name = row["name"]; post = row["post"]; mobile = row["mobile"]
            officePhone = row["officePhone"]; disabledAt = row["disabledAt"]
            mustChangePassword = row["mustChangePassword"]; createdAt = row["createdAt"]
        }

        var active: Bool { disabledAt == nil }

        static func fetch(_ db: Database, id: String) throws -> AdminRecord? {
            try Row.fetchOne(db, sql: select + " WHERE a.id = ? AND a.kind = 'admin'", arguments: [id]).map(AdminRecord.init(row:))
        }

        func view(masked: Bool) -> AdminView {
            AdminView(accountId: id, username: username, orgCode: orgCode, orgName: orgName, name: name, post: post,
                      mobile: masked ? mobile.map(PersonalData.maskPhone) : mobile,
                      officePhone: masked ? officePhone.map(PersonalData.maskPhone) : officePhone,
                      active: active, mustChangePassword: mustChangePassword, masked: masked,
                      createdAt: Date(timeIntervalSince1970: createdAt))
        }

        /// Accounts made without a name (djctl) are named by their username.
        var event: AdminEvent {
            AdminEvent(accountId: id, orgCode: orgCode, orgPath: orgPath, name: name ?? username, post: post ?? "",
                       mobile: mobile, active: active)
        }
    }

    func emitAdminChanged(_ db: Database, accountId: String, call: AuthCall) throws {
        guard let admin = try AdminRecord.fetch(db, id: accountId) else { return }
        try emit(db, IdentityEvent.adminChanged, admin.event, call)
    }

    /// An administrator account the actor manages (its organization lies in the actor's subtree),
    /// or `identity.admin_not_found` / `identity.forbidden` naming `path.accountId`.
    func managedAdmin(_ db: Database, accountId: String, actor: Schema.Actor?) throws -> AdminRecord {
        guard let admin = try AdminRecord.fetch(db, id: accountId) else {
            throw ErrorBody.make(ErrorCode.identityAdminNotFound, details: ["field": "body.accountId"])
        }
        guard let actor, actor.kind == .admin || actor.kind == .service else {
            throw Scope.forbidden("body.accountId", reason: "not_administrator")
        }
        let decision = Authority.administers(actor, path: admin.orgPath, actorOrg: try accountOrg(db, actor: actor))
        guard decision.isAllowed else { throw Scope.forbidden("body.accountId", decision) }
        return admin
    }

    static func refuseSelf(_ admin: AdminRecord, actor: Schema.Actor?, field: String) throws(ErrorBody) {
        if actor?.kind == .admin, actor?.id == admin.id {
            throw ErrorBody.make(ErrorCode.identityAdminSelf, details: ["field": field])
        }
    }

    /// `identity.admin.list`: the accounts of `orgCode` (default: the actor's organization) and
    /// everything below it, in tree order; phones masked.
    public func listAdmins(_ db: Database, _ request: AdminListRequest, call: AuthCall) throws -> AdminPage {
        guard let actor = call.actor, actor.kind == .admin || actor.kind == .service else {
            throw Scope.forbidden("body.orgCode", reason: "not_administrator")
        }
        let actorOrg = try accountOrg(db, actor: actor)
        let path: String
        if let code = request.orgCode ?? actorOrg?.code {
            let org = try OrganizationRecord.active(db, code: code, field: "body.orgCode")
            let decision = Authority.administers(actor, org: org.authority, actorOrg: actorOrg)
            guard decision.isAllowed else { throw Scope.forbidden("body.orgCode", decision) }
            path = org.path
        } else {
            guard Authority.isTopLevel(actor) else { throw Scope.forbidden("body.orgCode") }
            path = "/"
        }
        let page = Directory.page(offset: request.offset, limit: request.limit, defaultLimit: 50, maxLimit: Self.maxAdminPage)
        var filter = "a.kind = 'admin' AND " + Directory.inSubtree("o.path")
        if request.includeDisabled == false { filter += " AND a.disabledAt IS NULL" }
        let bounds = path == "/" ? ["/", "/~"] : Directory.subtreeBounds(path)
        let total = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM account a JOIN organization o ON o.code = a.orgCode WHERE \(filter)
            """, arguments: StatementArguments(bounds)) ?? 0
        let items = try Row.fetchAll(db, sql: AdminRecord.select + " WHERE \(filter) ORDER BY o.path, a.username LIMIT ? OFFSET ?",
                                     arguments: StatementArguments(bounds) + [page.limit, page.offset])
            .map { AdminRecord(row: $0).view(masked: true) }
        return AdminPage(items: items, total: total, offset: page.offset, limit: page.limit)
    }

    /// `identity.admin.get`: one account, phones in full, for an administrator who manages it.
    public func getAdmin(_ db: Database, _ request: AdminRef, call: AuthCall) throws -> AdminView {
        try managedAdmin(db, accountId: request.accountId, actor: call.actor).view(masked: false)
    }

    // MARK: Changes (one write transaction each)

    /// `identity.admin.update`: name, post, mobile, office phone. The given fields change; nothing
    /// changes when the values are the same (and no event is appended).
    public func updateAdmin(_ db: Database, _ request: AdminUpdateRequest, call: AuthCall) throws -> AdminView {
        let admin = try managedAdmin(db, accountId: request.accountId, actor: call.actor)
        var name = admin.name, post = admin.post, mobile = admin.mobile, office = admin.officePhone
        if let text = request.name { name = try Self.adminName(text, field: "body.name") }
        if let text = request.post { post = try Self.adminPost(text, field: "body.post") }
        if let text = request.mobile {
            let checked = try PhoneNumber.validated(text, field: "body.mobile")
            if checked != admin.mobile { try Self.refuseSelf(admin, actor: call.actor, field: "body.mobile") }
            mobile = checked
        }
        if let text = request.officePhone { office = try Self.officePhone(text, field: "body.officePhone") }
        guard name != admin.name || post != admin.post || mobile != admin.mobile || office != admin.officePhone else {
            return admin.view(masked: false)
        }
        try db.cachedStatement(sql: "UPDATE account SET name = ?, post = ?, mobile = ?, officePhone = ?, updatedAt = ? WHERE id = ?").execute(arguments: [name, post, mobile, office, now().seconds, admin.id])
        try emitAdminChanged(db, accountId: admin.id, call: call)
        return try AdminRecord.fetch(db, id: admin.id)!.view(masked: false)
    }

    /// `identity.admin.disable` / `identity.admin.enable`. Disabling ends every session of the
    /// account; enabling counts against `maxAdminsPerOrganization`. Already so: no change, no event.
    public func setAdminActive(_ db: Database, _ request: AdminRef, active: Bool, call: AuthCall) throws -> AdminView {
        let admin = try managedAdmin(db, accountId: request.accountId, actor: call.actor)
        try Self.refuseSelf(admin, actor: call.actor, field: "body.accountId")
        guard admin.active != active else { return admin.view(masked: false) }
        if active {
            if try Self.activeAdminCount(db, orgCode: admin.orgCode) >= settings.maxAdminsPerOrganization {
                throw ErrorBody.make(ErrorCode.identityAdminLimit,
                                     details: ["field": "body.accountId", "max": String(settings.maxAdminsPerOrganization)])
            }
            try db.cachedStatement(sql: "UPDATE account SET disabledAt = NULL, updatedAt = ? WHERE id = ?").execute(arguments: [now().seconds, admin.id])
        } else {
            try db.cachedStatement(sql: "UPDATE account SET disabledAt = ?, updatedAt = ? WHERE id = ?").execute(arguments: [now().seconds, now().seconds, admin.id])
            try revokeSessions(db, accountId: admin.id, reason: "admin_disabled")
        }
        try emitAdminChanged(db, accountId: admin.id, call: call)
        return try AdminRecord.fetch(db, id: admin.id)!.view(masked: false)
    }

    // MARK: Password resets by an administrator

    /// `identity.account.reset_password`: an administrator puts an account of their subtree back to
    /// its initial password (members: the derived one; administrators: `adminInitialPassword`), to be
    /// changed at the next login. Every session of the account is revoked.
    public func resetAccountPassword(_ request: AccountResetPasswordRequest, call: AuthCall) async throws -> Empty {
        let account = try await store.read { db -> AccountRecord in
            guard let account = try AccountRecord.fetch(db, id: request.accountId), let org = account.orgCode else {
                throw ErrorBody.make(ErrorCode.notFound, details: ["field": "body.accountId"])
            }
            // One's own password is changed knowing it, not reset (which would end one's own session).
            guard account.id != call.actor?.id else {
                throw ErrorBody.make(ErrorCode.identityAdminSelf, details: ["field": "body.accountId"])
            }
            try self.requireScope(db, actor: call.actor, orgCode: org, field: "body.accountId")
            return account
        }
        let hash = account.isMember ? DirectoryAccounts.initialPasswordMarker : await hasher.hash(settings.adminInitialPassword)
        try await store.write { db in
            guard let current = try AccountRecord.fetch(db, id: account.id), let org = current.orgCode else {
                throw ErrorBody.make(ErrorCode.notFound, details: ["field": "body.accountId"])
            }
            try self.requireScope(db, actor: call.actor, orgCode: org, field: "body.accountId")
            try self.setPassword(db, account: current, hash: hash, reason: PasswordChangedEvent.reasonAdminReset,
                                 keepSession: nil, mustChange: true, call: call)
        }
        return Empty()
    }

    /// `identity.member.reset_password`: from the member's record, by an administrator in scope over
    /// the member: the member's account goes back to the initial password (derived per
    /// `memberInitialPassword`, so no hashing: one write transaction), every session ends.
    public func resetMemberPassword(_ db: Database, _ request: MemberResetPasswordRequest, call: AuthCall) throws -> Empty {
        guard let actor = call.actor else { throw Scope.forbidden("body.memberId", reason: "anonymous") }
        try Scope.requireAdministrator(actor)
        guard let member = try MemberRecord.fetch(db, id: request.memberId),
              let account = try AccountRecord.fetch(db, memberId: member.id) else {
            throw ErrorBody.make(ErrorCode.identityMemberNotFound, details: ["field": "body.memberId"])
        }
        let decision = Authority.administers(actor, path: member.orgPath, actorOrg: try accountOrg(db, actor: actor))
        guard decision.isAllowed else { throw Scope.forbidden("body.memberId", decision) }
        try setPassword(db, account: account, hash: DirectoryAccounts.initialPasswordMarker,
                        reason: PasswordChangedEvent.reasonAdminReset, keepSession: nil, mustChange: true, call: call)
        return Empty()
    }

    public func resetMemberPassword(_ request: MemberResetPasswordRequest, call: AuthCall) async throws -> Empty {
        try await store.write { db in try self.resetMemberPassword(db, request, call: call) }
    }
}
