import Foundation
import Schema
import ServiceKit
import Synchronization
import XCTest

/// Identity's answers, scripted; counts the questions.
final class ScriptedRealName: RealNameStatusSource, Sendable {
    let required: Bool
    let verified = Mutex<Set<String>>([])
    let asked = Mutex(0)
    init(required: Bool) { self.required = required }

    func realNameStatus(memberId: String) async throws(ErrorBody) -> RealNameStatus {
        asked.withLock { $0 += 1 }
        let ok = verified.withLock { $0.contains(memberId) }
        return RealNameStatus(memberId: memberId, required: required, verified: ok, verifiedOn: ok ? "2026-11-20" : nil)
    }
}

final class TestClock: Sendable {
    let time = Mutex(Date(timeIntervalSince1970: 1_000_000))
}

final class RealNameGateTests: XCTestCase {
    let member = Actor(kind: .member, id: "m-1")

    func testAMemberNotVerifiedTodayIsRefusedWhenRequiredAndPassesOnceVerified() async throws {
        let identity = ScriptedRealName(required: true)
        let gate = RealNameGate(source: identity, cacheSeconds: 60)
        do {
            try await gate.requireActingMember(member)
            XCTFail("not verified today")
        } catch {
            XCTAssertEqual(error.code, "identity.realname_required")
            XCTAssertEqual(error.message, "请先完成今日的实名核验，再办理党务")
            XCTAssertEqual(error.details["memberId"], "m-1")
            XCTAssertEqual(ErrorCode.status(for: error.code), 403)
        }
        // A refusal is not remembered: verifying lets the next request through at once.
        identity.verified.withLock { _ = $0.insert("m-1") }
        try await gate.requireActingMember(member)
        // A pass is remembered for a short while: identity is not asked again.
        try await gate.requireActingMember(member)
        XCTAssertEqual(identity.asked.withLock { $0 }, 2)
    }

    func testAdministratorsServicesAndAnInstallationWithoutTheRuleAreNotRefused() async throws {
        let identity = ScriptedRealName(required: true)
        let gate = RealNameGate(source: identity)
        try await gate.requireActingMember(Actor(kind: .admin, id: "admin-1", orgCode: "001"))
        try await gate.requireActingMember(.service("payments"))
        try await gate.requireActingMember(nil)
        XCTAssertEqual(identity.asked.withLock { $0 }, 0, "only members acting themselves are checked")
        let off = RealNameGate(source: ScriptedRealName(required: false))
        try await off.requireActingMember(member)
        try await off.require(memberId: "m-2")
    }

    func testAPassExpires() async throws {
        let identity = ScriptedRealName(required: false)
        let clock = TestClock()
        let gate = RealNameGate(source: identity, cacheSeconds: 30, now: { clock.time.withLock { $0 } })
        try await gate.require(memberId: "m-1")
        try await gate.require(memberId: "m-1")
        XCTAssertEqual(identity.asked.withLock { $0 }, 1)
        clock.time.withLock { $0 = $0.addingTimeInterval(31) }
        try await gate.require(memberId: "m-1")
        XCTAssertEqual(identity.asked.withLock { $0 }, 2)
    }
}
