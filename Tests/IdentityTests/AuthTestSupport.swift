import Foundation
import GRDB
import Identity
import Schema
import Store
import Synchronization
import XCTest
import Passwords

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_740_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    var function: @Sendable () -> Date { { [self] in self.now } }
}

/// A temporary identity store with an organization tree, and an AuthService over it.
///
///     001 (root, city)
///     ├── 001001 (committee)
///     │   └── 001001001 (branch)
///     └── 001002 (committee)
final class AuthFixture: @unchecked Sendable {
    let directory: URL
    let store: Store
    let clock: TestClock
    let hasher: PasswordHasher
    var settings: IdentitySettings
    var wechat: any WeChatProvider
    var realName: any RealNameProvider

    static let sharedHasher = PasswordHasher(log2N: 10, r: 8, p: 1, pool: HashingThreadPool(threads: 2))

    init(settings: IdentitySettings = AuthFixture.fastSettings()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("idauth-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("identity.sqlite").path,
                          migrations: IdentityMigrations.register)
        clock = TestClock()
        self.settings = settings
        hasher = Self.sharedHasher
        wechat = ClosureWeChatProvider { _ throws(ProviderError) in throw .unavailable("not configured") }
        realName = ClosureRealNameProvider { _, _, _ throws(ProviderError) in throw .unavailable("not configured") }
        try seedOrganizations()
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Cheap scrypt for tests that are not about hashing.
    static func fastSettings() -> IdentitySettings {
        var s = IdentitySettings()
        s.scryptLog2N = 10
        return s
    }

    /// A service over the fixture's store with the fixture's current settings and providers.
    var auth: AuthService {
        AuthService(store: store, environment: AuthEnvironment(
            settings: settings, hasher: hasher, wechat: wechat, realName: realName, clock: clock.function))
    }

    func seedOrganizations() throws {
        try store.writeSync { db in
            for (code, parent, path, depth, type) in [
                ("001", nil, "/001/", 0, "committee"),
                ("001001", "001", "/001/001001/", 1, "committee"),
                ("001001001", "001001", "/001/001001/001001001/", 2, "branch"),
                ("001002", "001", "/001/001002/", 1, "committee"),
            ] as [(String, String?, String, Int, String)] {
                try db.execute(sql: """
                    INSERT INTO organization (code, name, type, parentCode, path, depth, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, 0, 0)
                    """, arguments: [code, "组织\(code)", type, parent, path, depth])
            }
        }
    }

    /// A member with an account as the directory part creates them: passwordHash 'initial', must change.
    @discardableResult
    func addMember(id: String, idNumber: String, phone: String?, name: String = "张三", orgCode: String = "001001001",
                   post: String = "member", status: String = "active") throws -> String {
        let accountId = "acct-" + id
        try store.writeSync { db in
            try db.execute(sql: """
                INSERT INTO member (id, idNumber, name, sex, birthDate, phone, memberType, orgCode, post, status, createdAt, updatedAt)
                VALUES (?, ?, ?, 'male', '1990-01-01', ?, 'full', ?, ?, ?, 0, 0)
                """, arguments: [id, idNumber, name, phone, orgCode, post, status])
            try db.execute(sql: """
                INSERT INTO account (id, kind, memberId, passwordHash, mustChangePassword, createdAt)
                VALUES (?, 'member', ?, 'initial', 1, 0)
                """, arguments: [accountId, id])
        }
        return accountId
    }

    /// An administrator account inserted directly, with a known password and no change required.
    @discardableResult
    func addAdmin(id: String, username: String, orgCode: String, password: String) async throws -> String {
        let hash = await hasher.hash(password)
        try await store.write { db in
            try db.execute(sql: """
                INSERT INTO account (id, kind, username, orgCode, passwordHash, mustChangePassword, createdAt)
                VALUES (?, 'admin', ?, ?, ?, 0, 0)
                """, arguments: [id, username, orgCode, hash])
        }
        return id
    }

    func events(_ type: String) throws -> [StoredEvent] {
        try store.readSync { db in
            try StoredEvent.fetchAll(db, sql: "SELECT seq, id, type, envelope, createdAt FROM store_event WHERE type = ? ORDER BY seq",
                                     arguments: [type])
        }
    }

    func eventBodies<B: Codable & Sendable>(_ type: String, as: B.Type) throws -> [B] {
        try events(type).map { try Wire.decode(B.self, from: $0.envelope).body! }
    }

    /// The code of the latest `identity.verification_code.requested` event.
    func lastCode() throws -> VerificationCodeRequestedEvent {
        let bodies = try eventBodies(IdentityEvent.verificationCodeRequested, as: VerificationCodeRequestedEvent.self)
        guard let last = bodies.last else { throw ErrorBody(code: "test", message: "no code event") }
        return last
    }

    /// Logs in through every step (password change must not be pending), reading the SMS code from the event.
    func loginToTokens(_ identifier: String, _ password: String, device: String,
                       file: StaticString = #filePath, line: UInt = #line) async throws -> TokenPair {
        var reply = try await auth.login(LoginRequest(identifier: identifier, password: password, deviceId: device))
        if case .smsCode(let ticket, _) = reply {
            reply = try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: ticket, code: try lastCode().code))
        }
        guard case .tokens(let pair) = reply else {
            XCTFail("expected tokens, got \(reply)", file: file, line: line)
            throw ErrorBody(code: "test", message: "no tokens")
        }
        return pair
    }
}

/// Runs `body`, expecting an `ErrorBody` with `code`; returns it.
@discardableResult
func assertAuthError<T>(_ code: String, file: StaticString = #filePath, line: UInt = #line,
                        _ body: () async throws -> T) async -> ErrorBody? {
    do {
        let value = try await body()
        XCTFail("expected \(code), got \(value)", file: file, line: line)
        return nil
    } catch let error as ErrorBody {
        XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected \(code), got \(error)", file: file, line: line)
        return nil
    }
}

extension LoginReply {
    var ticket: String? {
        switch self {
        case .changePassword(let ticket), .smsCode(let ticket, _): return ticket
        case .tokens: return nil
        }
    }
    var tokens: TokenPair? {
        if case .tokens(let pair) = self { return pair }
        return nil
    }
    var isChangePassword: Bool {
        if case .changePassword = self { return true }
        return false
    }
    var isSMSCode: Bool {
        if case .smsCode = self { return true }
        return false
    }
}
