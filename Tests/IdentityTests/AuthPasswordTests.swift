import Foundation
import Identity
import Schema
import Synchronization
import XCTest
import Passwords

final class AuthPasswordTests: XCTestCase {
    func testHashVerifyRoundTripAndWrongPassword() async {
        let hasher = PasswordHasher(pool: HashingThreadPool(threads: 2))   // the defaults: 2^14, 8, 1
        let stored = await hasher.hash("Secret123")
        XCTAssertTrue(stored.hasPrefix("scrypt$14$8$1$"), stored)
        XCTAssertEqual(stored.split(separator: "$").count, 6)
        let again = await hasher.hash("Secret123")
        XCTAssertNotEqual(stored, again, "fresh salt each time")
        let right = await hasher.verify("Secret123", against: stored)
        let wrong = await hasher.verify("Secret124", against: stored)
        let garbage = await hasher.verify("Secret123", against: "initial")
        XCTAssertTrue(right)
        XCTAssertFalse(wrong)
        XCTAssertFalse(garbage)
        XCTAssertFalse(hasher.needsRehash(stored))
    }

    func testParametersAreReadFromTheString() async {
        let pool = HashingThreadPool(threads: 2)
        let cheap = PasswordHasher(log2N: 10, r: 4, p: 2, pool: pool)
        let current = PasswordHasher(log2N: 12, r: 8, p: 1, pool: pool)
        let old = await cheap.hash("Secret123")
        XCTAssertTrue(old.hasPrefix("scrypt$10$4$2$"), old)
        let verified = await current.verify("Secret123", against: old)
        XCTAssertTrue(verified, "a hash at another cost still verifies")
        XCTAssertTrue(current.needsRehash(old))
        XCTAssertFalse(cheap.needsRehash(old))
        // The parameters really are used: the same salt and key under another N do not match.
        let altered = old.replacingOccurrences(of: "scrypt$10$", with: "scrypt$11$")
        let alteredOK = await current.verify("Secret123", against: altered)
        XCTAssertFalse(alteredOK)
    }

    func testHashingRunsOnTheHashersThreadsNotTheCooperativePool() async {
        let pool = HashingThreadPool(threads: 2)
        let seen = Mutex<[UInt]>([])
        let hasher = PasswordHasher(log2N: 10, r: 8, p: 1, pool: pool, onCompute: {
            seen.withLock { $0.append(HashingThreadPool.currentThreadID()) }
        })
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<6 {
                group.addTask {
                    let h = await hasher.hash("Password\(i)")
                    _ = await hasher.verify("Password\(i)", against: h)
                }
            }
        }
        let threads = seen.withLock { $0 }
        XCTAssertEqual(threads.count, 12)
        XCTAssertFalse(pool.threadIDs.isEmpty)
        XCTAssertLessThanOrEqual(pool.threadIDs.count, 2)
        for thread in threads {
            XCTAssertTrue(pool.threadIDs.contains(thread), "computed on thread \(thread), not one of the pool's")
        }
        // And the cooperative pool's threads are not the hasher's.
        for _ in 0..<8 {
            let taskThread = await Task.detached { HashingThreadPool.currentThreadID() }.value
            XCTAssertFalse(pool.threadIDs.contains(taskThread))
            XCTAssertFalse(threads.contains(taskThread))
        }
    }

    func testPolicyNamesWhatIsMissing() {
        let policy = PasswordPolicy(minLength: 8)
        XCTAssertEqual(policy.problems("abc", initialPassword: nil, idNumber: nil), ["长度至少8位", "需包含数字"])
        XCTAssertEqual(policy.problems("12345678", initialPassword: nil, idNumber: nil), ["需包含字母"])
        XCTAssertEqual(policy.problems("abcdefgh", initialPassword: nil, idNumber: nil), ["需包含数字"])
        XCTAssertEqual(policy.problems("!!!!!!!!", initialPassword: nil, idNumber: nil), ["需同时包含字母和数字"])
        XCTAssertEqual(policy.problems("abc12345", initialPassword: "ABC12345", idNumber: nil), ["不能与初始密码相同"])
        XCTAssertEqual(PasswordPolicy(minLength: 6).problems("01123x", initialPassword: nil, idNumber: "11010519900101123X"),
                       ["不能与身份证号后六位相同"])
        XCTAssertTrue(policy.isAcceptable("abc12345", initialPassword: "011234", idNumber: "110105199001011234"))
        do {
            try policy.check("abcdefgh", initialPassword: nil, idNumber: nil)
            XCTFail("weak password accepted")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.identityPasswordWeak)
            XCTAssertEqual(error.details["field"], "body.newPassword")
            XCTAssertTrue(error.message.contains("需包含数字"), error.message)
        }
    }
}
