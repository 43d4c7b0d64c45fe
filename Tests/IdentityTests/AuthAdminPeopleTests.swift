import Foundation
import GRDB
import Identity
import Schema
import XCTest

/// Issue 10, "Administrators are people": name, post, phones; the SMS second factor to the
/// account's mobile; management by the other administrator or a higher organization; the
/// `identity.admin.changed` event; resetting a member's password from the member's record.
/// Callers used inside `@Sendable` closures.
enum AdminCalls {
    static let city = AuthCall(actor: AuthAdminPeopleTests.cityActor)
    static let east = AuthCall(actor: AuthAdminPeopleTests.eastActor)
    static let west = AuthCall(actor: AuthAdminPeopleTests.westActor)
}

final class AuthAdminPeopleTests: XCTestCase {
    static let cityActor = Schema.Actor(kind: .admin, id: "city", orgCode: "001", roles: ["city"])
    static let eastActor = Schema.Actor(kind: .admin, id: "east", orgCode: "001001")
    static let westActor = Schema.Actor(kind: .admin, id: "west", orgCode: "001002")
    var city: AuthCall { AdminCalls.city }
    var east: AuthCall { AdminCalls.east }
    var west: AuthCall { AdminCalls.west }

    func fixture(_ settings: IdentitySettings = AuthFixture.fastSettings()) async throws -> AuthFixture {
        let f = try AuthFixture(settings: settings)
        try await f.addAdmin(id: "city", username: "city", orgCode: "001", password: "Cityadmin1")
        try await f.addAdmin(id: "east", username: "east", orgCode: "001001", password: "Eastadmin1")
        try await f.addAdmin(id: "west", username: "west", orgCode: "001002", password: "Westadmin1")
        return f
    }

    func branchAdmin(_ f: AuthFixture, _ username: String, mobile: String = "13900001111", by call: AuthCall) async throws -> AdminAccount {
        try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: username, name: "石磊", post: "副书记",
                                                        mobile: mobile, officePhone: "0592-8660001"), call: call)
    }

    func adminEvents(_ f: AuthFixture) throws -> [AdminEvent] {
        try f.eventBodies(IdentityEvent.adminChanged, as: AdminEvent.self)
    }

    // MARK: Create

    func testCreateTakesNamePostAndMobileFromAnAdministratorAndAnnouncesTheAccount() async throws {
        let f = try await fixture()
        for (request, code, field) in [
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", post: "书记", mobile: "13900001111"),
             ErrorCode.identityAdminFieldRequired, "body.name"),
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", name: "石磊", mobile: "13900001111"),
             ErrorCode.identityAdminFieldRequired, "body.post"),
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", name: "石磊", post: "书记", mobile: " "),
             ErrorCode.identityAdminFieldRequired, "body.mobile"),
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", name: "石磊", post: "书记", mobile: "1390000111"),
             ErrorCode.identityPhoneInvalid, "body.mobile"),
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", name: String(repeating: "石", count: 51), post: "书记",
                                mobile: "13900001111"), ErrorCode.identityAdminNameInvalid, "body.name"),
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", name: "石磊", post: String(repeating: "委", count: 21),
                                mobile: "13900001111"), ErrorCode.identityAdminPostInvalid, "body.post"),
            (AdminCreateRequest(orgCode: "001001001", username: "zb1", name: "石磊", post: "书记", mobile: "13900001111",
                                officePhone: "866转3"), ErrorCode.identityOfficePhoneInvalid, "body.officePhone"),
            (AdminCreateRequest(orgCode: "009", username: "zb1", name: "石磊", post: "书记", mobile: "13900001111"),
             ErrorCode.identityOrgNotFound, "body.orgCode"),
        ] {
            let error = await assertAuthError(code) { try await f.auth.createAdmin(request, call: AdminCalls.east) }
            XCTAssertEqual(error?.details["field"], field, "\(request)")
            XCTAssertFalse(error?.message.isEmpty ?? true)
        }
        XCTAssertEqual(try adminEvents(f), [], "nothing created, nothing announced")

        let created = try await branchAdmin(f, "zb1", by: east)
        let view = try f.store.readSync { db in try f.auth.getAdmin(db, AdminRef(accountId: created.accountId), call: AdminCalls.east) }
        XCTAssertEqual(view.name, "石磊")
        XCTAssertEqual(view.post, "副书记")
        XCTAssertEqual(view.mobile, "13900001111")
        XCTAssertEqual(view.officePhone, "0592-8660001")
        XCTAssertTrue(view.active)
        XCTAssertEqual(try adminEvents(f), [AdminEvent(accountId: created.accountId, orgCode: "001001001",
                                                       orgPath: "/001/001001/001001001/", name: "石磊", post: "副书记",
                                                       mobile: "13900001111", active: true)])

        // djctl (a service actor) may still create one without the person fields; it is named by its username.
        let bare = try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001002", username: "ops1"),
                                                call: AuthCall(actor: .service("djctl")))
        XCTAssertEqual(try adminEvents(f).last?.name, "ops1")
        XCTAssertEqual(try adminEvents(f).last?.accountId, bare.accountId)
    }

    // MARK: Second factor

    func testAdministratorLoginFromANewDeviceNeedsACodeSentToTheAccountsMobile() async throws {
        let f = try await fixture()
        _ = try await branchAdmin(f, "zb1", by: east)
        let first = try await f.auth.login(LoginRequest(identifier: "zb1", password: "123456", deviceId: "pc"))
        XCTAssertTrue(first.isChangePassword)
        let next = try await f.auth.loginChangePassword(LoginChangePasswordRequest(ticket: try XCTUnwrap(first.ticket),
                                                                                   newPassword: "Zhibu2026x"))
        guard case .smsCode(let ticket, let masked) = next else { return XCTFail("expected the SMS step, got \(next)") }
        XCTAssertEqual(masked, "139****1111")
        let code = try f.lastCode()
        XCTAssertEqual(code.phone, "13900001111")
        XCTAssertEqual(code.purpose, VerificationCodeRequestedEvent.purposeLogin)
        let done = try await f.auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: ticket, code: code.code))
        XCTAssertNotNil(done.tokens)
        // The same device is trusted now; another one is not.
        let again = try await f.auth.login(LoginRequest(identifier: "zb1", password: "Zhibu2026x", deviceId: "pc"))
        XCTAssertNotNil(again.tokens, "\(again)")
        f.clock.advance(120)
        let elsewhere = try await f.auth.login(LoginRequest(identifier: "zb1", password: "Zhibu2026x", deviceId: "laptop"))
        XCTAssertTrue(elsewhere.isSMSCode, "\(elsewhere)")
    }

    func testAdministratorForgotPasswordWorksBySMSToTheMobile() async throws {
        let f = try await fixture()
        _ = try await branchAdmin(f, "zb1", by: east)
        _ = try await f.auth.forgotPassword(ForgotPasswordRequest(identifier: "ZB1"))
        let code = try f.lastCode()
        XCTAssertEqual(code.phone, "13900001111")
        XCTAssertEqual(code.purpose, VerificationCodeRequestedEvent.purposeResetPassword)
        _ = try await f.auth.resetPassword(ResetPasswordRequest(identifier: "zb1", code: code.code, newPassword: "Zhibu2026y"))
        f.clock.advance(120)
        let tokens = try await f.loginToTokens("zb1", "Zhibu2026y", device: "pc")
        XCTAssertFalse(tokens.accessToken.isEmpty)
    }

    func testAnAdministratorWithoutAMobileIsToldToHaveOneRecordedWhenTheSettingRequiresIt() async throws {
        var settings = AuthFixture.fastSettings()
        settings.adminLoginWithoutMobile = false
        let f = try await fixture(settings)
        _ = try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001001", username: "bare"),
                                         call: AuthCall(actor: .service("djctl")))
        let refused = await assertAuthError(ErrorCode.identityAdminMobileMissing) {
            try await f.auth.login(LoginRequest(identifier: "bare", password: "123456", deviceId: "pc"))
        }
        XCTAssertEqual(refused?.details["field"], "account.mobile")
        XCTAssertTrue(refused?.message.contains("上级党组织") ?? false)

        // The higher organization records a mobile: the login goes on, with the SMS step.
        let id = try XCTUnwrap(try f.store.readSync { db in try String.fetchOne(db, sql: "SELECT id FROM account WHERE username = 'bare'") })
        _ = try await f.store.write { db in try f.auth.updateAdmin(db, AdminUpdateRequest(accountId: id, mobile: "13900002222"), call: AdminCalls.east) }
        let first = try await f.auth.login(LoginRequest(identifier: "bare", password: "123456", deviceId: "pc"))
        let next = try await f.auth.loginChangePassword(LoginChangePasswordRequest(ticket: try XCTUnwrap(first.ticket), newPassword: "Bare2026xx"))
        XCTAssertTrue(next.isSMSCode, "\(next)")
        XCTAssertEqual(try f.lastCode().phone, "13900002222")
    }

    // MARK: Management

    func testListShowsTheOrganizationsSubtreeWithMaskedPhones() async throws {
        let f = try await fixture()
        let a = try await branchAdmin(f, "zb1", by: east)
        _ = try await branchAdmin(f, "zb2", mobile: "13900003333", by: east)
        _ = try await f.store.write { db in try f.auth.setAdminActive(db, AdminRef(accountId: a.accountId), active: false, call: AdminCalls.city) }

        let page = try f.store.readSync { db in try f.auth.listAdmins(db, AdminListRequest(), call: AdminCalls.east) }
        XCTAssertEqual(page.items.map(\.username), ["east", "zb1", "zb2"], "its own organization, then below, in tree order")
        XCTAssertEqual(page.total, 3)
        let zb1 = try XCTUnwrap(page.items.first { $0.username == "zb1" })
        XCTAssertEqual(zb1.mobile, "139****1111")
        XCTAssertEqual(zb1.officePhone, "059*****0001")
        XCTAssertTrue(zb1.masked)
        XCTAssertFalse(zb1.active)
        let activeOnly = try f.store.readSync { db in
            try f.auth.listAdmins(db, AdminListRequest(orgCode: "001001001", includeDisabled: false), call: AdminCalls.east)
        }
        XCTAssertEqual(activeOnly.items.map(\.username), ["zb2"])
        let all = try f.store.readSync { db in try f.auth.listAdmins(db, AdminListRequest(limit: 2), call: AdminCalls.city) }
        XCTAssertEqual(all.total, 5)
        XCTAssertEqual(all.items.count, 2)

        let outside = await assertAuthError(ErrorCode.identityForbidden) {
            try f.store.readSync { db in try f.auth.listAdmins(db, AdminListRequest(orgCode: "001001"), call: AdminCalls.west) }
        }
        XCTAssertEqual(outside?.details["field"], "body.orgCode")
        await assertAuthError(ErrorCode.identityForbidden) {
            try f.store.readSync { db in
                try f.auth.listAdmins(db, AdminListRequest(), call: AuthCall(actor: Schema.Actor(kind: .member, id: "m1")))
            }
        }
    }

    func testTheOtherAdministratorOrAHigherOrganizationCorrectsAWrongMobile() async throws {
        let f = try await fixture()
        let one = try await branchAdmin(f, "zb1", by: east)
        let two = try await branchAdmin(f, "zb2", mobile: "13900003333", by: east)
        let oneCall = AuthCall(actor: Schema.Actor(kind: .admin, id: one.accountId, orgCode: "001001001"))
        let update = { (request: AdminUpdateRequest, call: AuthCall) in
            try await f.store.write { db in try f.auth.updateAdmin(db, request, call: call) }
        }

        // Not one's own mobile (it is the second factor)…
        let own = await assertAuthError(ErrorCode.identityAdminSelf) {
            try await update(AdminUpdateRequest(accountId: one.accountId, mobile: "13900009999"), oneCall)
        }
        XCTAssertEqual(own?.details["field"], "body.mobile")
        // …but one's own name, post and office phone, yes.
        let renamed = try await update(AdminUpdateRequest(accountId: one.accountId, post: "书记", officePhone: ""), oneCall)
        XCTAssertEqual(renamed.post, "书记")
        XCTAssertNil(renamed.officePhone)
        // The branch's other administrator, and a higher organization, correct it.
        let fixed = try await update(AdminUpdateRequest(accountId: one.accountId, mobile: "13900009999"),
                                     AuthCall(actor: Schema.Actor(kind: .admin, id: two.accountId, orgCode: "001001001")))
        XCTAssertEqual(fixed.mobile, "13900009999")
        _ = try await update(AdminUpdateRequest(accountId: two.accountId, name: "王芳"), east)
        // Nothing changes: no event.
        _ = try await update(AdminUpdateRequest(accountId: two.accountId, name: "王芳"), city)

        let outside = await assertAuthError(ErrorCode.identityForbidden) {
            try await update(AdminUpdateRequest(accountId: one.accountId, name: "某某"), AdminCalls.west)
        }
        XCTAssertEqual(outside?.details["field"], "body.accountId")
        // A branch administrator does not manage the committee above it.
        await assertAuthError(ErrorCode.identityForbidden) {
            try await update(AdminUpdateRequest(accountId: "east", name: "某某"), oneCall)
        }
        let missing = await assertAuthError(ErrorCode.identityAdminNotFound) {
            try await update(AdminUpdateRequest(accountId: "nobody", name: "某某"), AdminCalls.east)
        }
        XCTAssertEqual(missing?.details["field"], "body.accountId")
        let bad = await assertAuthError(ErrorCode.identityPhoneInvalid) {
            try await update(AdminUpdateRequest(accountId: one.accountId, mobile: "02912345678"), AdminCalls.east)
        }
        XCTAssertEqual(bad?.details["field"], "body.mobile")

        let events = try adminEvents(f)
        XCTAssertEqual(events.count, 5, "two creations, three edits")
        XCTAssertEqual(events[2].post, "书记")
        XCTAssertEqual(events[3].mobile, "13900009999")
        XCTAssertEqual(events[4].name, "王芳")
        // The next login code goes to the corrected mobile.
        _ = try await f.auth.forgotPassword(ForgotPasswordRequest(identifier: "zb1"))
        XCTAssertEqual(try f.lastCode().phone, "13900009999")
    }

    func testDisableEndsSessionsAndEnableCountsAgainstTheLimit() async throws {
        let f = try await fixture()
        try await f.addAdmin(id: "zhibu", username: "zhibu", orgCode: "001001001", password: "Zhibu2024x")
        let session = try await f.loginToTokens("zhibu", "Zhibu2024x", device: "pc")
        let setActive = { (id: String, active: Bool, call: AuthCall) in
            try await f.store.write { db in try f.auth.setAdminActive(db, AdminRef(accountId: id), active: active, call: call) }
        }
        let zhibu = AuthCall(actor: Schema.Actor(kind: .admin, id: "zhibu", orgCode: "001001001"))
        let selfDisable = await assertAuthError(ErrorCode.identityAdminSelf) { try await setActive("zhibu", false, zhibu) }
        XCTAssertEqual(selfDisable?.details["field"], "body.accountId")
        await assertAuthError(ErrorCode.identityForbidden) { try await setActive("zhibu", false, AdminCalls.west) }

        let disabled = try await setActive("zhibu", false, east)
        XCTAssertFalse(disabled.active)
        await assertAuthError(ErrorCode.identitySessionRevoked) {
            try await f.auth.verifyToken(TokenVerifyRequest(accessToken: session.accessToken))
        }
        await assertAuthError(ErrorCode.identityAccountInactive) {
            try await f.auth.login(LoginRequest(identifier: "zhibu", password: "Zhibu2024x", deviceId: "pc"))
        }
        _ = try await setActive("zhibu", false, east)   // already so: no second event

        // A disabled account does not hold a place: two others may be created…
        _ = try await branchAdmin(f, "zb1", by: east)
        _ = try await branchAdmin(f, "zb2", mobile: "13900003333", by: east)
        // …and then it cannot come back.
        let full = await assertAuthError(ErrorCode.identityAdminLimit) { try await setActive("zhibu", true, AdminCalls.east) }
        XCTAssertEqual(full?.details["field"], "body.accountId")

        XCTAssertEqual(try adminEvents(f).map(\.active), [false, true, true])
        XCTAssertEqual(try adminEvents(f).first?.accountId, "zhibu")
    }

    // MARK: Members

    func testAnAdministratorResetsAMembersPasswordFromTheMembersRecord() async throws {
        let f = try await fixture()
        try f.addMember(id: "m1", idNumber: "110105199001011234", phone: "13812345678")
        let hash = await f.hasher.hash("Dangyuan2024")
        try await f.store.write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ?, mustChangePassword = 0 WHERE id = 'acct-m1'", arguments: [hash])
        }
        let session = try await f.loginToTokens("110105199001011234", "Dangyuan2024", device: "phone")
        let reset = { (memberId: String, call: AuthCall) in
            try await f.auth.resetMemberPassword(MemberResetPasswordRequest(memberId: memberId), call: call)
        }

        let outside = await assertAuthError(ErrorCode.identityForbidden) { try await reset("m1", AdminCalls.west) }
        XCTAssertEqual(outside?.details["field"], "body.memberId")
        await assertAuthError(ErrorCode.identityForbidden) {
            try await reset("m1", AuthCall(actor: Schema.Actor(kind: .member, id: "m1", orgCode: "001001001")))
        }
        let missing = await assertAuthError(ErrorCode.identityMemberNotFound) { try await reset("m9", AdminCalls.east) }
        XCTAssertEqual(missing?.details["field"], "body.memberId")
        _ = try await f.loginToTokens("110105199001011234", "Dangyuan2024", device: "phone")   // nothing changed yet

        _ = try await reset("m1", east)
        await assertAuthError(ErrorCode.identitySessionRevoked) {
            try await f.auth.verifyToken(TokenVerifyRequest(accessToken: session.accessToken))
        }
        let back = try await f.auth.login(LoginRequest(identifier: "110105199001011234", password: "011234", deviceId: "phone"))
        XCTAssertTrue(back.isChangePassword)
        XCTAssertEqual(try f.eventBodies(IdentityEvent.passwordChanged, as: PasswordChangedEvent.self).last,
                       PasswordChangedEvent(accountId: "acct-m1", memberId: "m1", reason: "reset_by_admin"))
    }
}

/// Each initial-password policy the seeds show: the account logs in with it, must change it, and
/// may not keep it.
final class InitialPasswordPolicyTests: XCTestCase {
    /// Logs in with `initial` (expecting the forced change), checks the other candidates fail, that
    /// the initial password cannot be kept, and that a good new password is taken.
    func assertInitialPassword(_ f: AuthFixture, identifier: String, initial: String, notThese: [String],
                               file: StaticString = #filePath, line: UInt = #line) async throws {
        for wrong in notThese where wrong.uppercased() != initial.uppercased() {
            await assertAuthError(ErrorCode.identityLoginFailed, file: file, line: line) {
                try await f.auth.login(LoginRequest(identifier: identifier, password: wrong, deviceId: "pc"))
            }
            f.clock.advance(1)
        }
        let first = try await f.auth.login(LoginRequest(identifier: identifier, password: initial, deviceId: "pc"))
        XCTAssertTrue(first.isChangePassword, "\(first)", file: file, line: line)
        let ticket = try XCTUnwrap(first.ticket, file: file, line: line)
        await assertAuthError(ErrorCode.identityPasswordWeak, file: file, line: line) {
            try await f.auth.loginChangePassword(LoginChangePasswordRequest(ticket: ticket, newPassword: initial))
        }
        let next = try await f.auth.loginChangePassword(LoginChangePasswordRequest(ticket: ticket, newPassword: "Changed2026x"))
        XCTAssertFalse(next.isChangePassword, "\(next)", file: file, line: line)
    }

    static let candidates = ["000000", "111111", "123456", "13812345678", "01123X"]

    func memberFixture(_ policy: IdentitySettings.InitialPassword, fixed: String = "000000", phone: String? = "13812345678")
        throws -> AuthFixture {
        var settings = AuthFixture.fastSettings()
        settings.memberInitialPassword = policy
        settings.initialPasswordFixed = fixed
        settings.lockoutThreshold = 100
        let f = try AuthFixture(settings: settings)
        try f.addMember(id: "m1", idNumber: "11010519900101123X", phone: phone)
        return f
    }

    func testFixed000000() async throws {
        let f = try memberFixture(.fixed, fixed: "000000")
        try await assertInitialPassword(f, identifier: "11010519900101123X", initial: "000000", notThese: Self.candidates)
    }

    func testFixed111111() async throws {
        let f = try memberFixture(.fixed, fixed: "111111")
        try await assertInitialPassword(f, identifier: "11010519900101123X", initial: "111111", notThese: Self.candidates)
    }

    func testPhoneNumber() async throws {
        let f = try memberFixture(.phone)
        try await assertInitialPassword(f, identifier: "11010519900101123X", initial: "13812345678", notThese: Self.candidates)
    }

    /// A member with no phone on record under the phone policy falls back to the last six of the ID number.
    func testPhoneNumberPolicyWithoutAPhoneFallsBackToTheIDNumber() async throws {
        let f = try memberFixture(.phone, phone: nil)
        try await assertInitialPassword(f, identifier: "11010519900101123X", initial: "01123x", notThese: Self.candidates)
    }

    /// Typed with a lower-case x too.
    func testLastSixOfTheIDNumber() async throws {
        let f = try memberFixture(.idNumberLast6)
        try await assertInitialPassword(f, identifier: "11010519900101123x", initial: "01123x", notThese: Self.candidates)
    }

    /// Organizations (administrator accounts): 123456 by default, or what the installation sets.
    func testOrganizations123456() async throws {
        let f = try AuthFixture()
        _ = try await f.auth.createAdmin(AdminCreateRequest(orgCode: "001001", username: "org1"), call: AuthCall(actor: .service("djctl")))
        try await assertInitialPassword(f, identifier: "org1", initial: "123456", notThese: Self.candidates)

        var settings = AuthFixture.fastSettings()
        settings.adminInitialPassword = "Org2026init"
        settings.lockoutThreshold = 100
        let g = try AuthFixture(settings: settings)
        _ = try await g.auth.createAdmin(AdminCreateRequest(orgCode: "001001", username: "org2"), call: AuthCall(actor: .service("djctl")))
        try await assertInitialPassword(g, identifier: "org2", initial: "Org2026init", notThese: Self.candidates)
    }
}
