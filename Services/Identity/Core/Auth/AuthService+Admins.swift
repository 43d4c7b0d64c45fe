import Foundation
import GRDB
import Schema
import Store

extension AuthService {
    /// Letters (a–z, A–Z) and digits only, 1…32 characters.
    static func isValidUsername(_ username: String) -> Bool {
        (1...32).contains(username.unicodeScalars.count) && username.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }

    /// The checks of an administrator account creation, run before hashing and again in the write.
    func checkAdminCreate(_ db: Database, _ request: AdminCreateRequest, actor: Schema.Actor?) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM organization WHERE code = ?)",
                                arguments: [request.orgCode]) == true
        else { throw ErrorBody.make(ErrorCode.notFound, details: ["field": "body.orgCode"]) }
        try requireScope(db, actor: actor, orgCode: request.orgCode)
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account WHERE username = ?)",
                             arguments: [request.username]) == true {
            throw ErrorBody.make(ErrorCode.identityUsernameTaken, details: ["field": "body.username"])
        }
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE orgCode = ? AND kind = 'admin'",
                                     arguments: [request.orgCode]) ?? 0
        if count >= settings.maxAdminsPerOrganization {
            throw ErrorBody.make(ErrorCode.identityAdminLimit,
                                 details: ["field": "body.orgCode", "max": String(settings.maxAdminsPerOrganization)])
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
        let hash = await hasher.hash(settings.adminInitialPassword)
        return try await store.write { db in
            try self.checkAdminCreate(db, request, actor: call.actor)
            let id = UUID().uuidString.lowercased()
            try db.execute(sql: """
                INSERT INTO account (id, kind, username, orgCode, roles, passwordHash, mustChangePassword, createdAt)
                VALUES (?, 'admin', ?, ?, '[]', ?, 1, ?)
                """, arguments: [id, request.username, request.orgCode, hash, self.now().seconds])
            return AdminAccount(accountId: id, username: request.username, orgCode: request.orgCode, mustChangePassword: true)
        }
    }

    /// `identity.account.reset_password`: an administrator puts an account of their subtree back to
    /// its initial password (members: the derived one; administrators: `adminInitialPassword`), to be
    /// changed at the next login. Every session of the account is revoked.
    public func resetAccountPassword(_ request: AccountResetPasswordRequest, call: AuthCall) async throws -> Empty {
        let account = try await store.read { db -> AccountRecord in
            guard let account = try AccountRecord.fetch(db, id: request.accountId), let org = account.orgCode else {
                throw ErrorBody.make(ErrorCode.notFound, details: ["field": "body.accountId"])
            }
            try self.requireScope(db, actor: call.actor, orgCode: org)
            return account
        }
        let hash = account.isMember ? "initial" : await hasher.hash(settings.adminInitialPassword)
        try await store.write { db in
            guard let current = try AccountRecord.fetch(db, id: account.id), let org = current.orgCode else {
                throw ErrorBody.make(ErrorCode.notFound, details: ["field": "body.accountId"])
            }
            try self.requireScope(db, actor: call.actor, orgCode: org)
            try self.setPassword(db, account: current, hash: hash, reason: PasswordChangedEvent.reasonAdminReset,
                                 keepSession: nil, mustChange: true, call: call)
        }
        return Empty()
    }
}
