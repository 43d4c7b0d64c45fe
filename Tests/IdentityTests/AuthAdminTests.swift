import Foundation
import Identity
import Schema
import XCTest

final class AuthAdminTests: XCTestCase {
    func testCreateAdminRules() async throws {
        let f = try AuthFixture()
        try await f.addAdmin(id: "city", username: "city", orgCode: "001", password: "Cityadmin1")
        try await f.addAdmin(id: "east", username: "east", orgCode: "001001", password: "Eastadmin1")
        let city = AuthCall(actor: Schema.Actor(kind: .admin, id: "city", orgCode: "001"))
        let east = AuthCall(actor: Schema.Actor(kind: .admin, id: "east", orgCode: "001001"))

        let chinese = await assertAuthError(ErrorCode.identityUsernameInvalid) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "党支部admin"), call: east)
        }
        XCTAssertEqual(chinese?.details["field"], "body.username")
        await assertAuthError(ErrorCode.identityUsernameInvalid) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "ab_c1"), call: east)
        }
        await assertAuthError(ErrorCode.identityUsernameInvalid) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: ""), call: east)
        }
        // Outside the actor's subtree.
        await assertAuthError(ErrorCode.authForbidden) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001002", username: "west1"), call: east)
        }
        await assertAuthError(ErrorCode.authForbidden) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "zhibu1"),
                                         call: AuthCall(actor: Schema.Actor(kind: .member, id: "m1")))
        }

        let created = try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "Zhibu1", name: "石磊",
                                                                      post: "书记", mobile: "13900001111"), call: east)
        XCTAssertEqual(created.orgCode, "001001001")
        XCTAssertTrue(created.mustChangePassword)
        let hash = try f.store.readSync { db in try String.fetchOne(db, sql: "SELECT passwordHash FROM account WHERE id = ?", arguments: [created.accountId]) }
        XCTAssertTrue(hash?.hasPrefix("scrypt$") ?? false, "the initial password is hashed")

        let taken = await assertAuthError(ErrorCode.identityUsernameTaken) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "ZHIBU1"), call: city)
        }
        XCTAssertEqual(taken?.details["field"], "body.username")
        _ = try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "zhibu2", name: "王芳",
                                                            post: "组织委员", mobile: "13900002222"), call: city)
        await assertAuthError(ErrorCode.identityAdminLimit) {
            try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "zhibu3"), call: city)
        }

        // First login of the new admin: change required; then the SMS step to its mobile; roles.
        let first = try await f.auth.login(LoginRequest(identifier: "zhibu1", password: f.settings.adminInitialPassword, deviceId: "pc"))
        XCTAssertTrue(first.isChangePassword, "\(first)")
        let changed = try await f.auth.loginChangePassword(LoginChangePasswordRequest(ticket: try XCTUnwrap(first.ticket), newPassword: "Zhibu2024x"))
        XCTAssertTrue(changed.isSMSCode, "\(changed)")
        let next = try await f.auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: try XCTUnwrap(changed.ticket), code: try f.lastCode().code))
        let actor = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: try XCTUnwrap(next.tokens, "\(next)").accessToken))
        XCTAssertEqual(actor, Schema.Actor(kind: .admin, id: created.accountId, orgCode: "001001001", roles: []))

        let cityTokens = try await f.loginToTokens("CITY", "Cityadmin1", device: "pc")
        let cityActor = try await f.auth.verifyToken(TokenVerifyRequest(accessToken: cityTokens.accessToken))
        XCTAssertEqual(cityActor, Schema.Actor(kind: .admin, id: "city", orgCode: "001", roles: ["city"]))
    }

    func testAdminResetsPasswordBackToInitial() async throws {
        let f = try AuthFixture()
        try await f.addAdmin(id: "east", username: "east", orgCode: "001001", password: "Eastadmin1")
        try await f.addAdmin(id: "west", username: "west", orgCode: "001002", password: "Westadmin1")
        try await f.addAdmin(id: "zhibu", username: "zhibu", orgCode: "001001001", password: "Zhibu2024x")
        try f.addMember(id: "m1", idNumber: "110105199001011234", phone: "13812345678")
        let session = try await f.loginToTokens("zhibu", "Zhibu2024x", device: "pc")
        let east = AuthCall(actor: Schema.Actor(kind: .admin, id: "east", orgCode: "001001"))

        let outOfScope = await assertAuthError(ErrorCode.authForbidden) {
            try await f.auth.resetAccountPassword(AccountResetPasswordRequest(accountId: "zhibu"),
                                                  call: AuthCall(actor: Schema.Actor(kind: .admin, id: "west", orgCode: "001002")))
        }
        XCTAssertEqual(outOfScope?.details["field"], "body.accountId", "the refusal names the account it was about")
        let own = await assertAuthError(ErrorCode.identityAdminSelf) {
            try await f.auth.resetAccountPassword(AccountResetPasswordRequest(accountId: "east"), call: east)
        }
        XCTAssertEqual(own?.details["field"], "body.accountId", "one's own password is changed, not reset")
        _ = try await f.auth.resetAccountPassword(AccountResetPasswordRequest(accountId: "zhibu"), call: east)
        await assertAuthError(ErrorCode.identitySessionRevoked) {
            try await f.auth.verifyToken(TokenVerifyRequest(accessToken: session.accessToken))
        }
        await assertAuthError(ErrorCode.identityLoginFailed) {
            try await f.auth.login(LoginRequest(identifier: "zhibu", password: "Zhibu2024x", deviceId: "pc"))
        }
        let back = try await f.auth.login(LoginRequest(identifier: "zhibu", password: f.settings.adminInitialPassword, deviceId: "pc"))
        XCTAssertTrue(back.isChangePassword)

        // A member's account goes back to the derived initial password.
        let memberHash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [memberHash])
        }
        _ = try await f.auth.resetAccountPassword(AccountResetPasswordRequest(accountId: "acct-m1"), call: east)
        let member = try await f.auth.login(LoginRequest(identifier: "13812345678", password: "011234", deviceId: "d"))
        XCTAssertTrue(member.isChangePassword)
        XCTAssertEqual(try f.eventBodies(IdentityEvent.passwordChanged, as: PasswordChangedEvent.self).map(\.reason),
                       ["reset_by_admin", "reset_by_admin"])
    }
}
