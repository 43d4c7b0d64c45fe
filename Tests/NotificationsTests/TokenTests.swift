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
        let keepers = (0..<4).map { WeChatTokenKeeper(store: f.store, holder: "instance-\($0)", fetch: fetch) }
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
}
