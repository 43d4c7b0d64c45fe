import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// The gateway with real processes and real HTTP: broker, identity, notifications, the provider
/// simulator and the gateway, an installation made by djctl init + import.
final class GatewaySystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()
    var base = ""
    var gateway: ServiceProcess!

    override func setUp() async throws {
        cluster = try Cluster()
        try await cluster.startSimulator()
        try cluster.install(demo)
        try cluster.startBroker()
        try cluster.startService("identity")
        try cluster.startService("notifications")
        let port = Cluster.freePort()
        base = "http://127.0.0.1:\(port)"
        gateway = try cluster.startService("gateway", arguments: ["--port", String(port), "--max-body-bytes", "4096"],
                                           extraEnvironment: ["DJ_LOG_LEVEL": "debug"])
        try await eventually("gateway ready") { (try? await self.request("GET", "/readyz"))?.status == 200 }
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }


    struct Reply {
        let status: Int
        let json: [String: Any]
        let headers: [String: String]
        var code: String? { json["code"] as? String }
        var details: [String: String] { json["details"] as? [String: String] ?? [:] }
        subscript(key: String) -> Any? { json[key] }
    }

    private func request(_ method: String, _ path: String, json: [String: Any]? = nil, raw: Data? = nil,
                         token: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 20
        if let json { request.httpBody = try JSONSerialization.data(withJSONObject: json) }
        if let raw { request.httpBody = raw }
        if request.httpBody != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, json: object, headers: fields)
    }

    private func smsCodes(to phone: String) async throws -> [String] {
        try await simulatorSMSCodes(cluster.simulatorURL!, to: phone)
    }

    /// A member's first login through HTTP: ID number + initial password → change → SMS code → tokens.
    private func memberFirstLogin(_ person: DemoData.Person, device: String) async throws -> String {
        let first = try await request("POST", "/api/v1/auth/login", json: [
            "identifier": person.idNumber, "password": String(person.idNumber.suffix(6)), "deviceId": device])
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first["step"] as? String, "change_password")
        let ticket = try XCTUnwrap(first["ticket"] as? String)

        let weak = try await request("POST", "/api/v1/auth/login/change-password", json: ["ticket": ticket, "newPassword": "123456"])
        XCTAssertEqual(weak.status, 422)
        XCTAssertEqual(weak.code, "identity.password_weak")
        XCTAssertEqual(weak.details["field"], "body.newPassword")

        let second = try await request("POST", "/api/v1/auth/login/change-password", json: ["ticket": ticket, "newPassword": "Dangjian2026"])
        XCTAssertEqual(second["step"] as? String, "sms_code")
        XCTAssertEqual(second["maskedPhone"] as? String, String(person.phone.prefix(3)) + "****" + String(person.phone.suffix(4)))
        let codeTicket = try XCTUnwrap(second["ticket"] as? String)
        var codes: [String] = []
        try await eventually("the code reached the SMS simulator", timeout: .seconds(20)) {
            codes = try await self.smsCodes(to: person.phone)
            return !codes.isEmpty
        }
        let code = try XCTUnwrap(codes.last)
        let wrong = try await request("POST", "/api/v1/auth/login/verify-code", json: ["ticket": codeTicket, "code": code == "000000" ? "111111" : "000000"])
        XCTAssertEqual(wrong.status, 422)
        XCTAssertEqual(wrong.code, "identity.code_invalid")
        let third = try await request("POST", "/api/v1/auth/login/verify-code", json: ["ticket": codeTicket, "code": code])
        XCTAssertEqual(third.status, 200)
        XCTAssertEqual(third["step"] as? String, "tokens")
        let tokens = try XCTUnwrap(third["tokens"] as? [String: Any])
        return try XCTUnwrap(tokens["accessToken"] as? String)
    }

    /// An administrator's first login: username + initial password → change → tokens (no phone, no SMS).
    /// With `mobile` (an account created through the API has one), the SMS step follows, its code
    /// read from the simulator at that mobile.
    private func adminFirstLogin(_ username: String, newPassword: String = "Guanli2026", mobile: String? = nil) async throws -> String {
        let first = try await request("POST", "/api/v1/auth/login", json: ["identifier": username, "password": "123456", "deviceId": "pc-\(username)"])
        XCTAssertEqual(first.status, 200, "\(first.json)")
        XCTAssertEqual(first["step"] as? String, "change_password")
        var changed = try await request("POST", "/api/v1/auth/login/change-password",
                                        json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": newPassword])
        if let mobile {
            XCTAssertEqual(changed["step"] as? String, "sms_code", "\(changed.json)")
            XCTAssertEqual(changed["maskedPhone"] as? String, String(mobile.prefix(3)) + "****" + String(mobile.suffix(4)))
            var codes: [String] = []
            try await eventually("the administrator's code reached the SMS simulator", timeout: .seconds(20)) {
                codes = try await self.smsCodes(to: mobile)
                return !codes.isEmpty
            }
            changed = try await request("POST", "/api/v1/auth/login/verify-code",
                                        json: ["ticket": try XCTUnwrap(changed["ticket"] as? String), "code": try XCTUnwrap(codes.last)])
        }
        XCTAssertEqual(changed["step"] as? String, "tokens", "\(changed.json)")
        let tokens = try XCTUnwrap(changed["tokens"] as? [String: Any])
        return try XCTUnwrap(tokens["accessToken"] as? String)
    }

    /// What an administrator gives to create another one over HTTP.
    private func adminBody(_ orgCode: String, _ username: String, mobile: String) -> [String: Any] {
        ["orgCode": orgCode, "username": username, "name": "石磊", "post": "副书记", "mobile": mobile]
    }

    func testLoginJourneysMeScopeAndHTTPErrors() async throws {
        // Member: the seed manuals' first login, then who am I.
        let member = demo.people[2]
        let memberToken = try await memberFirstLogin(member, device: "phone-of-member")
        let me = try await request("GET", "/api/v1/me", token: memberToken, headers: ["X-Request-Id": "journey-1"])
        XCTAssertEqual(me.status, 200)
        XCTAssertEqual(me.headers["x-request-id"], "journey-1")
        let actor = try XCTUnwrap(me["actor"] as? [String: Any])
        XCTAssertEqual(actor["kind"] as? String, "member")
        XCTAssertEqual(actor["orgCode"] as? String, member.branch)
        let record = try XCTUnwrap(me["member"] as? [String: Any])
        XCTAssertEqual(record["name"] as? String, member.name)
        XCTAssertEqual(record["orgCode"] as? String, member.branch)

        // No token, a forged one.
        let anonymous = try await request("GET", "/api/v1/me")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.code, "auth.unauthenticated")
        XCTAssertNotNil(anonymous.headers["x-request-id"], "a request id on every response")
        var forged = Array(memberToken)
        forged[forged.count - 3] = forged[forged.count - 3] == "A" ? "B" : "A"
        let bad = try await request("GET", "/api/v1/me", token: String(forged))
        XCTAssertEqual(bad.status, 401)
        XCTAssertEqual(bad.code, "identity.token_invalid")

        // City administrator creates a branch administrator (a person: name, post, mobile), who logs
        // in with the SMS step to that mobile.
        let cityToken = try await adminFirstLogin("cityadmin")
        let nameless = try await request("POST", "/api/v1/admins", json: ["orgCode": demo.branches[0], "username": "branchadmin1"], token: cityToken)
        XCTAssertEqual(nameless.status, 422)
        XCTAssertEqual(nameless.code, "identity.admin_field_required")
        XCTAssertEqual(nameless.details["field"], "body.name")
        let created = try await request("POST", "/api/v1/admins", json: adminBody(demo.branches[0], "branchadmin1", mobile: "17700000001"),
                                        token: cityToken)
        XCTAssertEqual(created.status, 200, "\(created.json)")
        XCTAssertEqual(created["mustChangePassword"] as? Bool, true)
        let taken = try await request("POST", "/api/v1/admins", json: adminBody(demo.branches[0], "branchadmin1", mobile: "17700000001"),
                                      token: cityToken)
        XCTAssertEqual(taken.status, 409)
        XCTAssertEqual(taken.code, "identity.username_taken")
        let branchToken = try await adminFirstLogin("branchadmin1", mobile: "17700000001")
        let adminMe = try await request("GET", "/api/v1/me", token: branchToken)
        XCTAssertEqual((adminMe["actor"] as? [String: Any])?["kind"] as? String, "admin")
        XCTAssertEqual((adminMe["organization"] as? [String: Any])?["code"] as? String, demo.branches[0])

        // Scope: the branch administrator may read its own branch, not the neighbour.
        let own = try await request("GET", "/api/v1/orgs/\(demo.branches[0])", token: branchToken)
        XCTAssertEqual(own.status, 200)
        let other = try await request("GET", "/api/v1/orgs/\(demo.branches[1])", token: branchToken)
        XCTAssertEqual(other.status, 403)
        XCTAssertEqual(other.code, "identity.forbidden")
        XCTAssertFalse((other["message"] as? String ?? "").isEmpty)
        let subtree = try await request("GET", "/api/v1/orgs/subtree?code=\(demo.rootCode)&limit=10", token: cityToken)
        XCTAssertEqual(subtree.status, 200)
        XCTAssertEqual(subtree["total"] as? Int, 4)

        // HTTP-level errors, each with a clear code and never a stack trace.
        let unknown = try await request("GET", "/api/v1/nowhere")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.code, "http.not_found")
        let wrongMethod = try await request("PUT", "/api/v1/me", token: memberToken)
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.code, "http.method_not_allowed")
        XCTAssertEqual(wrongMethod.headers["allow"], "GET")
        let notJSON = try await request("POST", "/api/v1/auth/login", raw: Data("{oops".utf8))
        XCTAssertEqual(notJSON.status, 400)
        XCTAssertEqual(notJSON.code, "schema.invalid")
        XCTAssertEqual(notJSON.details["field"], "$")
        let missing = try await request("POST", "/api/v1/auth/login", json: ["identifier": "x", "password": "y"])
        XCTAssertEqual(missing.status, 400)
        XCTAssertEqual(missing.details["field"], "body.deviceId")
        let huge = try await request("POST", "/api/v1/auth/login", raw: Data(("{\"identifier\":\"" + String(repeating: "x", count: 10_000) + "\"}").utf8))
        XCTAssertEqual(huge.status, 413)
        XCTAssertEqual(huge.code, "http.payload_too_large")
        let wrongPassword = try await request("POST", "/api/v1/auth/login", json: ["identifier": "cityadmin", "password": "nope", "deviceId": "d"])
        XCTAssertEqual(wrongPassword.status, 401)
        XCTAssertEqual(wrongPassword.code, "identity.login_failed")

        // Logout through the gateway: the token stops working at once.
        let logout = try await request("POST", "/api/v1/auth/logout", json: [:], token: branchToken)
        XCTAssertEqual(logout.status, 200)
        let afterLogout = try await request("GET", "/api/v1/me", token: branchToken)
        XCTAssertEqual(afterLogout.status, 401)

        // Nothing personal, no token in the gateway's log; every line carries a request id.
        let log = gateway.log
        for person in demo.people {
            XCTAssertFalse(log.contains(person.idNumber), "gateway logged an ID number")
            XCTAssertFalse(log.contains(person.phone), "gateway logged a phone number")
        }
        XCTAssertFalse(log.contains(memberToken), "gateway logged a token")
        XCTAssertFalse(log.contains("Dangjian2026"), "gateway logged a password")
        let requestLines = log.split(separator: "\n").filter { $0.contains("\"msg\":\"request\"") }
        XCTAssertFalse(requestLines.isEmpty)
        XCTAssertTrue(requestLines.allSatisfy { $0.contains("\"request_id\"") })
        XCTAssertTrue(log.contains("journey-1"))
    }

    /// A password changed on one device ends the administrator's other sessions inside identity; the
    /// gateway, which checks tokens itself, learns it from identity.sessions.revoked within seconds
    /// instead of honouring the other device's access token until it expires.
    func testAPasswordChangedOnOneDeviceEndsTheOtherDevicesAccessAtTheGateway() async throws {
        let laptop = try await adminFirstLogin("cityadmin")
        let second = try await request("POST", "/api/v1/auth/login", json: ["identifier": "cityadmin", "password": "Guanli2026", "deviceId": "pc-cityadmin"])
        let phone = try XCTUnwrap((second["tokens"] as? [String: Any])?["accessToken"] as? String, "\(second.json)")
        let before = try await request("GET", "/api/v1/me", token: phone)
        XCTAssertEqual(before.status, 200)

        let changed = try await request("POST", "/api/v1/auth/password/change",
                                        json: ["oldPassword": "Guanli2026", "newPassword": "Guanli2027"], token: laptop)
        XCTAssertEqual(changed.status, 200, "\(changed.json)")
        let changedAt = ContinuousClock.now
        var refused: Reply?
        try await eventually("the other session's token refused", timeout: .seconds(10)) {
            refused = try await self.request("GET", "/api/v1/me", token: phone)
            return refused?.status == 401
        }
        XCTAssertEqual(refused?.code, "identity.session_revoked")
        XCTAssertLessThan(ContinuousClock.now - changedAt, .seconds(5), "within a few poll intervals (2 s)")
        let kept = try await request("GET", "/api/v1/me", token: laptop)
        XCTAssertEqual(kept.status, 200, "the session that changed the password goes on")
    }

    /// An administrator resets another account's password from its record: that account's old access
    /// token is refused at once (the gateway asks identity which sessions ended before it answers the
    /// reset), and a wrong account id names the path parameter it came in.
    func testAPasswordResetByAnAdministratorEndsTheAccountsSessionsAtOnce() async throws {
        let city = try await adminFirstLogin("cityadmin")
        let created = try await request("POST", "/api/v1/admins", json: adminBody(demo.branches[0], "resetme", mobile: "17700000002"), token: city)
        XCTAssertEqual(created.status, 200, "\(created.json)")
        let accountId = try XCTUnwrap(created["accountId"] as? String)
        let branch = try await adminFirstLogin("resetme", mobile: "17700000002")
        let before = try await request("GET", "/api/v1/me", token: branch)
        XCTAssertEqual(before.status, 200)

        let reset = try await request("POST", "/api/v1/accounts/\(accountId)/reset-password", token: city)
        XCTAssertEqual(reset.status, 200, "\(reset.json)")
        let after = try await request("GET", "/api/v1/me", token: branch)
        XCTAssertEqual(after.status, 401, "refused at once, not at the next poll")
        XCTAssertEqual(after.code, "identity.session_revoked")
        let resetter = try await request("GET", "/api/v1/me", token: city)
        XCTAssertEqual(resetter.status, 200, "the resetting administrator goes on")

        let unknown = try await request("POST", "/api/v1/accounts/no-such-account/reset-password", token: city)
        XCTAssertEqual(unknown.status, 404)
        XCTAssertEqual(unknown.details["field"], "path.accountId")
    }

    /// Issue 10: administrator accounts listed (phones masked), a wrong mobile corrected by the higher
    /// organization, an account disabled (its session ends at once), and a member's password reset
    /// from the member's record, each through the routes the contract declares.
    func testAdministratorAccountsAreManagedAndAMembersPasswordIsResetFromTheRecord() async throws {
        let city = try await adminFirstLogin("cityadmin")
        let created = try await request("POST", "/api/v1/admins", json: adminBody(demo.branches[0], "zhibu1", mobile: "17700000003"), token: city)
        XCTAssertEqual(created.status, 200, "\(created.json)")
        let accountId = try XCTUnwrap(created["accountId"] as? String)
        let branch = try await adminFirstLogin("zhibu1", mobile: "17700000003")

        let list = try await request("GET", "/api/v1/admins?orgCode=\(demo.branches[0])", token: city)
        XCTAssertEqual(list.status, 200, "\(list.json)")
        let items = list["items"] as? [[String: Any]] ?? []
        XCTAssertEqual(items.map { $0["username"] as? String }, ["zhibu1"])
        XCTAssertEqual(items.first?["mobile"] as? String, "177****0003")
        let outside = try await request("GET", "/api/v1/admins?orgCode=\(demo.rootCode)", token: branch)
        XCTAssertEqual(outside.status, 403)
        XCTAssertEqual(outside.details["field"], "query.orgCode")

        let own = try await request("PATCH", "/api/v1/admins/\(accountId)", json: ["mobile": "17700000004"], token: branch)
        XCTAssertEqual(own.status, 403)
        XCTAssertEqual(own.code, "identity.admin_self")
        XCTAssertEqual(own.details["field"], "body.mobile")
        let fixed = try await request("PATCH", "/api/v1/admins/\(accountId)", json: ["mobile": "17700000004", "post": "书记"], token: city)
        XCTAssertEqual(fixed.status, 200, "\(fixed.json)")
        XCTAssertEqual(fixed["mobile"] as? String, "17700000004")
        let missing = try await request("PATCH", "/api/v1/admins/nobody", json: ["name": "某某"], token: city)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.details["field"], "path.accountId")

        // A member's password, from the member's record (no account id needed).
        let member = try XCTUnwrap(demo.people.first { $0.branch == demo.branches[0] })
        let memberToken = try await memberFirstLogin(member, device: "phone-5")
        let me = try await request("GET", "/api/v1/me", token: memberToken)
        let memberId = try XCTUnwrap((me["member"] as? [String: Any])?["id"] as? String, "\(me.json)")
        let reset = try await request("POST", "/api/v1/members/\(memberId)/reset-password", token: branch)
        XCTAssertEqual(reset.status, 200, "\(reset.json)")
        let after = try await request("GET", "/api/v1/me", token: memberToken)
        XCTAssertEqual(after.code, "identity.session_revoked", "the member's session ends at once")
        let again = try await request("POST", "/api/v1/auth/login", json: [
            "identifier": member.idNumber, "password": String(member.idNumber.suffix(6)), "deviceId": "phone-5"])
        XCTAssertEqual(again["step"] as? String, "change_password", "\(again.json)")
        let nobody = try await request("POST", "/api/v1/members/no-such-member/reset-password", token: branch)
        XCTAssertEqual(nobody.status, 404)
        XCTAssertEqual(nobody.details["field"], "path.memberId")

        let disabled = try await request("POST", "/api/v1/admins/\(accountId)/disable", token: city)
        XCTAssertEqual(disabled.status, 200, "\(disabled.json)")
        XCTAssertEqual(disabled["active"] as? Bool, false)
        let gone = try await request("GET", "/api/v1/me", token: branch)
        XCTAssertEqual(gone.code, "identity.session_revoked", "refused at once")

        // Administrators' phones are personal data too: in no log (the simulator's aside: it plays the SMS gateway).
        for process in cluster.processes where process.name != "provider-sim" {
            for mobile in ["17700000003", "17700000004"] {
                XCTAssertFalse(process.log.contains(mobile), "\(process.name) logged an administrator's mobile")
            }
        }
    }

    func testIdentityStoppedGives503AndRecovers() async throws {
        let token = try await adminFirstLogin("cityadmin")
        let before = try await request("GET", "/api/v1/orgs/\(demo.rootCode)", token: token)
        XCTAssertEqual(before.status, 200)

        let identity = try XCTUnwrap(cluster.processes.first { $0.name == "identity" })
        identity.signal(SIGTERM)
        let exit = await identity.waitForExit(timeout: .seconds(20))
        XCTAssertEqual(exit, 0)

        var down: Reply?
        try await eventually("the gateway reports identity unavailable", timeout: .seconds(30)) {
            let reply = try await self.request("GET", "/api/v1/orgs/\(self.demo.rootCode)", token: token)
            if reply.status == 503 || reply.status == 504 { down = reply }
            return down != nil
        }
        let reply = try XCTUnwrap(down)
        XCTAssertTrue(["bus.service_unavailable", "bus.timeout"].contains(reply.code ?? ""), "\(reply.json)")
        XCTAssertFalse((reply["message"] as? String ?? "").isEmpty)
        // A refused-fast answer: once the gateway knows identity is gone it does not wait for a timeout.
        let started = ContinuousClock.now
        let fast = try await request("GET", "/api/v1/orgs/\(demo.rootCode)", token: token)
        XCTAssertEqual(fast.status, 503)
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(2))
        let ready = try await request("GET", "/readyz")
        XCTAssertEqual(ready.status, 503)
        XCTAssertEqual(ready.details["identity"], "down")
        let health = try await request("GET", "/healthz")
        XCTAssertEqual(health.status, 200, "the gateway itself stays up")

        try cluster.startService("identity", instance: "identity-2")
        try await eventually("the gateway recovers by itself", timeout: .seconds(30)) {
            try await self.request("GET", "/api/v1/orgs/\(self.demo.rootCode)", token: token).status == 200
        }
        let readyAgain = try await request("GET", "/readyz")
        XCTAssertEqual(readyAgain.status, 200)
        XCTAssertTrue(gateway.isRunning)

        // SIGTERM: a graceful stop, exit status 0.
        gateway.signal(SIGTERM)
        let gatewayExit = await gateway.waitForExit(timeout: .seconds(20))
        XCTAssertEqual(gatewayExit, 0)
    }
}
