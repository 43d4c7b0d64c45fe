import Bus
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Schema
import XCTest

/// Identity with real processes: broker, identity, notifications and the provider simulator,
/// an installation created with djctl from a party-statistics CSV export.
final class IdentitySystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()

    override func setUp() async throws {
        cluster = try Cluster()
        try await cluster.startSimulator()
        try cluster.install(demo)
        try cluster.startBroker()
        try cluster.startService("identity")
        try cluster.startService("notifications")
        try await cluster.waitUntilServing("identity")
        try await cluster.waitUntilServing("notifications")
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }


    /// The verification codes the simulator received for `phone`, newest last.
    private func smsCodes(to phone: String) async throws -> [String] {
        let url = URL(string: "\(cluster.simulatorURL!)/_sim/sms/messages?phone=\(phone)")!
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data)
        let messages = (object as? [[String: Any]]) ?? ((object as? [String: Any])?["messages"] as? [[String: Any]]) ?? []
        return messages.compactMap { ($0["templateParam"] as? [String: Any])?["code"] as? String }
    }

    /// A member's whole first-login journey, as the seed manuals describe it; returns the access token.
    private func firstLogin(_ person: DemoData.Person, device: String, client: BusClient) async throws -> String {
        let anonymous = Actor(kind: .anonymous, id: "gateway-test")
        // 1. ID number + initial password (last six characters of the ID number by default).
        let first = try await client.call(IdentityAPI.logIn.type, LoginRequest(identifier: person.idNumber,
            password: String(person.idNumber.suffix(6)), deviceId: device), as: LoginReply.self, actor: anonymous)
        guard case .changePassword(let ticket) = first else { return try fail("expected a forced password change, got \(first)") }

        // 2. A weak new password is refused, naming the field; a strong one is taken.
        do {
            _ = try await client.call(IdentityAPI.loginChangePassword.type, LoginChangePasswordRequest(ticket: ticket, newPassword: "123456"),
                                      as: LoginReply.self, actor: anonymous)
            XCTFail("a weak password must be refused")
        } catch {
            XCTAssertEqual(error.code, "identity.password_weak")
            XCTAssertEqual(error.details["field"], "body.newPassword")
        }
        let second = try await client.call(IdentityAPI.loginChangePassword.type,
            LoginChangePasswordRequest(ticket: ticket, newPassword: "Dangjian2026"), as: LoginReply.self, actor: anonymous)

        // 3. A new device: the code goes by SMS to the phone on record (read back from the simulator).
        guard case .smsCode(let codeTicket, let maskedPhone) = second else { return try fail("expected the SMS step, got \(second)") }
        XCTAssertEqual(maskedPhone, PersonalData.maskPhone(person.phone))
        var codes: [String] = []
        try await eventually("the verification code reached the SMS provider", timeout: .seconds(20)) {
            codes = try await self.smsCodes(to: person.phone)
            return !codes.isEmpty
        }
        let code = try XCTUnwrap(codes.last)
        do {
            let wrong = code == "000000" ? "111111" : "000000"
            _ = try await client.call(IdentityAPI.loginVerifyCode.type, LoginVerifyCodeRequest(ticket: codeTicket, code: wrong),
                                      as: LoginReply.self, actor: anonymous)
            XCTFail("a wrong code must be refused")
        } catch {
            XCTAssertEqual(error.code, "identity.code_invalid")
        }
        let third = try await client.call(IdentityAPI.loginVerifyCode.type, LoginVerifyCodeRequest(ticket: codeTicket, code: code),
                                          as: LoginReply.self, actor: anonymous)
        guard case .tokens(let tokens) = third else { return try fail("expected tokens, got \(third)") }
        return tokens.accessToken
    }

    private func fail<T>(_ message: String) throws -> T {
        XCTFail(message)
        throw WaitTimeout(description: message)
    }

    /// What the gateway will do on every request: turn the bearer token into the acting person.
    private func actor(for token: String, client: BusClient) async throws -> Actor {
        try await client.call(IdentityAPI.tokenVerify.type, TokenVerifyRequest(accessToken: token), as: Actor.self,
                              actor: .service("system-test"))
    }

    func testMemberFirstLoginSMSStepProfileEditAndSecretaryApproval() async throws {
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let member = demo.people[2], secretary = demo.people[0]
        XCTAssertEqual(member.branch, secretary.branch)

        let memberToken = try await firstLogin(member, device: "phone-of-member", client: client)
        let memberActor = try await actor(for: memberToken, client: client)
        XCTAssertEqual(memberActor.kind, .member)
        XCTAssertEqual(memberActor.orgCode, member.branch)

        // Same device, same password: no SMS step this time.
        let again = try await client.call(IdentityAPI.logIn.type, LoginRequest(identifier: member.phone, password: "Dangjian2026",
                                          deviceId: "phone-of-member"), as: LoginReply.self)
        guard case .tokens = again else { return XCTFail("a known device needs no code: \(again)") }

        // The member edits a free field; it waits for the secretary.
        let newPhone = "13700000042"
        let change = try await client.call(IdentityAPI.profileSubmit.type,
            SubmitProfileChange(changes: ProfileFields(phone: newPhone)), as: ProfileChangeView.self, actor: memberActor)
        XCTAssertEqual(change.status, .pending)
        let before = try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberActor.id), as: MemberView.self, actor: memberActor)
        XCTAssertEqual(before.phone, member.phone, "not applied before approval")

        let secretaryActor = try await actor(for: try await firstLogin(secretary, device: "phone-of-secretary", client: client), client: client)
        XCTAssertTrue(secretaryActor.roles.contains("secretary"))
        let pending = try await client.call(IdentityAPI.profilePending.type, PendingProfileChanges(), as: ProfileChangeList.self, actor: secretaryActor)
        XCTAssertEqual(pending.items.map(\.id), [change.id])
        let reviewed = try await client.call(IdentityAPI.profileReview.type, ReviewProfileChange(changeId: change.id, approve: true),
                                             as: ProfileChangeView.self, actor: secretaryActor)
        XCTAssertEqual(reviewed.status, .approved)

        let after = try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberActor.id), as: MemberView.self, actor: memberActor)
        XCTAssertEqual(after.phone, newPhone, "the approved change is visible")
        XCTAssertFalse(after.masked, "a member sees their own record in full")

        // A member of the other branch cannot read this member.
        let outsider = demo.people.first { $0.branch != member.branch }!
        let outsiderActor = try await actor(for: try await firstLogin(outsider, device: "phone-of-outsider", client: client), client: client)
        do {
            _ = try await client.call(IdentityAPI.memberGet.type, MemberRef(memberId: memberActor.id), as: MemberView.self, actor: outsiderActor)
            XCTFail("out of scope")
        } catch {
            XCTAssertEqual(error.code, "identity.forbidden")
        }

        // Nothing personal in any process's log: every ID number and phone of the installation.
        for process in cluster.processes {
            let log = process.log
            for person in demo.people {
                XCTAssertFalse(log.contains(person.idNumber), "\(process.name) logged an ID number")
                XCTAssertFalse(log.contains(person.phone), "\(process.name) logged a phone number")
            }
            XCTAssertFalse(log.contains(newPhone), "\(process.name) logged a phone number")
        }
    }

    /// The two providers over their real HTTP shapes: WeChat OAuth code exchange and real-name verification.
    func testWeChatBindingAndRealNameVerificationThroughTheProviders() async throws {
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let member = demo.people[5]
        let memberActor = try await actor(for: try await firstLogin(member, device: "phone-5", client: client), client: client)

        // The member opens the official account; WeChat redirects with a one-time code.
        let authorize = URL(string: "\(cluster.simulatorURL!)/_sim/wechat/authorize?user=member5")!
        let (data, _) = try await URLSession.shared.data(from: authorize)
        let grant = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let code = try XCTUnwrap(grant["code"] as? String), openid = try XCTUnwrap(grant["openid"] as? String)

        do {
            _ = try await client.call(IdentityAPI.wechatBind.type, WeChatBindRequest(wechatCode: code, idNumber: member.idNumber,
                                      password: "wrong-password1"), as: WeChatBinding.self)
            XCTFail("a wrong password must not bind")
        } catch {
            XCTAssertEqual(error.code, "identity.login_failed")
        }
        // The code was not spent by the refused attempt? WeChat codes are single-use: get a fresh one.
        let (again, _) = try await URLSession.shared.data(from: authorize)
        let fresh = try XCTUnwrap((try JSONSerialization.jsonObject(with: again) as? [String: Any])?["code"] as? String)
        let binding = try await client.call(IdentityAPI.wechatBind.type, WeChatBindRequest(wechatCode: fresh, idNumber: member.idNumber,
                                            password: "Dangjian2026"), as: WeChatBinding.self)
        XCTAssertEqual(binding.openid, openid, "the openid WeChat gave for this user")
        XCTAssertEqual(binding.memberId, memberActor.id)

        let status = try await client.call(IdentityAPI.realNameVerify.type, Empty(), as: RealNameStatus.self, actor: memberActor)
        XCTAssertTrue(status.verified)
        XCTAssertNotNil(status.verifiedOn)
    }
}
