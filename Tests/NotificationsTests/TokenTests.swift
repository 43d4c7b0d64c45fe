import Foundation
import Notifications
import Store
import Synchronization
import XCTest

final class TokenTests: XCTestCase {
    func testOneHolderFetchesTheTokenAndEveryInstanceSharesIt() async throws {
        let f = try NotificationsFixture()
        let fetches = Atomic<Int>(0)
        let fetch: @Sendable () async throws -> (token: String, expiresIn: TimeInterval) = {
            let n = fetches.add(1, ordering: .relaxed).newValue
            try await Task.sleep(for: .milliseconds(100))  // a slow provider: the delay is what lets the four keepers race
            return ("token-\(n)", 7200)
        }
        // No copy kept in memory here: this test is about what the instances share through the store.
        let keepers = (0..<4).map { WeChatTokenKeeper(store: f.store, holder: "instance-\($0)", cacheSeconds: 0, fetch: fetch) }
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for keeper in keepers { group.addTask { try await keeper.token() } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        XCTAssertEqual(fetches.load(ordering: .relaxed), 1, "one fetch for four instances")
        XCTAssertEqual(Set(tokens), ["token-1"])
        // A token WeChat rejected (40001) is refreshed once.
        let refreshed = try await keepers[2].token(rejected: "token-1")
        XCTAssertEqual(refreshed, "token-2")
        let shared = try await keepers[0].token()
        XCTAssertEqual(shared, "token-2")
    }

    func testAnInstanceKeepsItsCopyUntilWeChatRejectsItThenTakesTheSharedOneWithoutFetching() async throws {
        let f = try NotificationsFixture()
        let fetches = Atomic<Int>(0)
        let fetch: @Sendable () async throws -> (token: String, expiresIn: TimeInterval) = {
            ("token-\(fetches.add(1, ordering: .relaxed).newValue)", 7200)
        }
        let a = WeChatTokenKeeper(store: f.store, holder: "a", cacheSeconds: 3600, fetch: fetch)
        let b = WeChatTokenKeeper(store: f.store, holder: "b", cacheSeconds: 3600, fetch: fetch)
        let first = try await a.token()
        XCTAssertEqual(first, "token-1")
        let refreshed = try await b.token(rejected: "token-1")
        XCTAssertEqual(refreshed, "token-2")
        // The store now holds token-2; a's copy is still within its time, so a does not look.
        try f.store.writeSync { db in try db.execute(sql: "DELETE FROM provider_token") }
        let cached = try await a.token()
        XCTAssertEqual(cached, "token-1", "served from memory: the store was not read")
        try f.store.writeSync { db in
            try db.execute(sql: """
                INSERT INTO provider_token (name, token, expiresAt, fetchedBy, fetchedAt) VALUES ('wechat', 'token-2', ?, 'b', ?)
                """, arguments: [Date().addingTimeInterval(7200), Date()])
        }
        let taken = try await a.token(rejected: "token-1")
        XCTAssertEqual(taken, "token-2", "rejected: read the shared one")
        XCTAssertEqual(fetches.load(ordering: .relaxed), 2, "no fetch of its own")
    }
}
