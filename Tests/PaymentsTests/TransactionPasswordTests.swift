import Foundation
import GRDB
import Passwords
import Payments
import Schema
import XCTest

/// 交易密码 on a real SQLite file with a real (cheap) scrypt hasher: right, wrong (counted), locked.
final class TransactionPasswordTests: XCTestCase {
    struct NoIdentity: IdentityPort {
        func sendCode(memberId: String) async throws(ErrorBody) -> CodeSent { throw ErrorBody.make(ErrorCode.internal) }
        func checkCode(codeId: String, memberId: String, code: String) async throws(ErrorBody) { throw ErrorBody.make(ErrorCode.internal) }
        func member(_ memberId: String) async throws(ErrorBody) -> MemberView { throw ErrorBody.make(ErrorCode.internal) }
        func openid(_ memberId: String) async throws(ErrorBody) -> String? { nil }
        func subtree(_ orgCode: String?, as admin: Actor) async throws(ErrorBody) -> [String] { [] }
        func mayManage(_ admin: Actor, memberId: String) async throws(ErrorBody) -> Bool { false }
    }

    func testWrongTriesAreCountedThenLockedAndTheRightOneStartsAgain() async throws {
        let fixture = try TemporaryPaymentsStore()
        let hasher = PasswordHasher(log2N: 10, r: 8, p: 1, pool: HashingThreadPool(threads: 1))
        var settings = PaymentsSettings()
        settings.passwordMaxAttempts = 3
        let passwords = TransactionPasswords(store: fixture.store, identity: NoIdentity(), hasher: hasher, settings: settings)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let notSet = try await passwords.check("135790", member: "m1", now: now)
        XCTAssertEqual(notSet?.code, ErrorCode.paymentsPasswordNotSet)
        let hash = await hasher.hash("135790")
        XCTAssertFalse(hash.contains("135790"), "only the hash is kept")
        try await fixture.store.write { db in
            try db.execute(sql: "INSERT INTO transaction_password (memberId, hash, setAt) VALUES ('m1', ?, 0)", arguments: [hash])
        }
        let right = try await passwords.check("135790", member: "m1", now: now)
        XCTAssertNil(right)
        let first = try await passwords.check("000111", member: "m1", now: now)
        XCTAssertEqual(first?.code, ErrorCode.paymentsPasswordWrong)
        XCTAssertEqual(first?.details["remaining"], "2")
        let second = try await passwords.check("000111", member: "m1", now: now)
        XCTAssertEqual(second?.details["remaining"], "1")
        let third = try await passwords.check("000111", member: "m1", now: now)
        XCTAssertEqual(third?.code, ErrorCode.paymentsPasswordLocked)
        let whileLocked = try await passwords.check("135790", member: "m1", now: now.addingTimeInterval(60))
        XCTAssertEqual(whileLocked?.code, ErrorCode.paymentsPasswordLocked, "even the right one waits out the lock")
        let after = try await passwords.check("135790", member: "m1", now: now.addingTimeInterval(31 * 60))
        XCTAssertNil(after)
    }
}
