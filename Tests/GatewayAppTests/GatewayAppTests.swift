import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Schema
import Synchronization
import XCTest

/// The gateway's router and middleware in-process (HummingbirdTesting), with the bus answered by a
/// closure that records what the gateway sent: routing, errors, authentication, the reply bytes
/// passed through, and Idempotency-Key.
final class GatewayAppTests: XCTestCase {
    /// Records every envelope and answers with `answer`.
    final class FakeBus: GatewayBus, @unchecked Sendable {
        let sent = Mutex<[JSONValue]>([])
        let answer: @Sendable (JSONValue) async -> [UInt8]
        init(answer: @escaping @Sendable (JSONValue) async -> [UInt8]) { self.answer = answer }

        func send(service: String, envelope: [UInt8], timeout: Duration) async throws(ErrorBody) -> [UInt8] {
            let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(envelope))) ?? .null
            sent.withLock { $0.append(value) }
            return await answer(value)
        }
        func available(_ service: String, timeout: Duration) async -> Bool? { true }
    }

    static let secret = Array("0123456789abcdef0123456789abcdef".utf8)

    func app(_ bus: FakeBus) -> (some ApplicationProtocol, GatewayState) {
        let limit = RateLimiter(capacity: 1000)
        let settings = GatewaySettings(maxBodyBytes: 1 << 20, corsOrigins: [], busTimeout: .seconds(3), profileCacheSeconds: 5,
                                       loginPerIP: limit, loginPerAccount: limit, smsPerIP: limit, smsPerAccount: limit,
                                       callbackPerIP: limit)
        let state = GatewayState(bus: bus, settings: settings, logger: Logger(label: "test"))
        state.verifier.setKeys(["k1": Self.secret])
        return (Application(router: buildRouter(state: state)), state)
    }

    func token(kind: String = "admin", id: String = "acct-1", org: String = "001") -> String {
        let now = Int(Date().timeIntervalSince1970)
        return TokenVerifier.sign(TokenClaims(sub: id, kind: kind, mid: kind == "member" ? id : nil, org: org, roles: [],
                                              sid: "s-\(id)", iat: now - 1, exp: now + 600), secret: Self.secret)
    }

    /// A reply envelope whose body is `body` exactly as written.
    static func reply(to request: JSONValue, body: String) -> [UInt8] {
        let id = request["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
        return Array(#"{"body":\#(body),"correlationId":"\#(id)","id":"r","sentAt":"2026-11-28T00:00:00.000Z","type":"x","version":1}"#.utf8)
    }

    func testUnknownPathsWrongMethodsAndHealth() async throws {
        let (app, _) = app(FakeBus { _ in [] })
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [HTTPField.Name("X-Request-Id")!: "abc-1"]) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[HTTPField.Name("X-Request-Id")!], "abc-1")
                XCTAssertEqual(response.headers[HTTPField.Name("X-Content-Type-Options")!], "nosniff")
            }
            try await client.execute(uri: "/api/v1/nothing", method: .get) { response in
                XCTAssertEqual(response.status, .notFound)
                XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).code, "http.not_found")
            }
            try await client.execute(uri: "/api/v1/orgs/subtree", method: .delete) { response in
                XCTAssertEqual(response.status, .methodNotAllowed)
                XCTAssertEqual(response.headers[HTTPField.Name("Allow")!], "GET")
            }
            try await client.execute(uri: "/api/v1/orgs/subtree", method: .get) { response in
                XCTAssertEqual(response.status, .unauthorized)
                XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).code, "auth.unauthenticated")
            }
        }
    }

    /// The bus request carries the caller and the typed query; the reply's body is served byte for byte.
    func testRepliesPassThroughAsTheServiceWroteThem() async throws {
        let body = #"{"items":[],"limit":5,"offset":0,"total":0,"zz":"extra kept as sent"}"#
        let bus = FakeBus { request in GatewayAppTests.reply(to: request, body: body) }
        let (app, _) = app(bus)
        let bearer = "Bearer \(token())"
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/orgs/subtree?code=001&limit=5", method: .get,
                                     headers: [.authorization: bearer]) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(String(buffer: response.body), body)
            }
        }
        let sent = try XCTUnwrap(bus.sent.withLock { $0.first })
        XCTAssertEqual(sent["type"], .string(IdentityAPI.orgSubtree.type))
        XCTAssertEqual(sent["body"], ["code": "001", "limit": 5])
        XCTAssertEqual(sent["actor"]?["kind"], "admin")
        XCTAssertEqual(sent["actor"]?["id"], "acct-1")
    }

    func testServiceErrorsBecomeTheirDeclaredStatus() async throws {
        let bus = FakeBus { _ in Array(#"{"error":{"code":"dues.locked","message":"该月党费正在支付中，请稍后再试","details":{}},"id":"r","sentAt":"2026-11-28T00:00:00.000Z","type":"x","version":1}"#.utf8) }
        let (app, _) = app(bus)
        let bearer = "Bearer \(token())"
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/dues/cash-records", method: .post, headers: [.authorization: bearer],
                                     body: ByteBuffer(string: #"{"memberId":"m","months":["2026-05"],"amountFen":100}"#)) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).code, "dues.locked")
            }
        }
    }

    /// A field the client sent in the path is named there, not in the body the service saw.
    func testErrorsNameTheFieldWhereTheClientSentIt() async throws {
        let bus = FakeBus { _ in Array(#"{"error":{"code":"not_found","message":"记录不存在","details":{"field":"body.accountId"}},"id":"r","sentAt":"2026-11-28T00:00:00.000Z","type":"x","version":1}"#.utf8) }
        let (app, _) = app(bus)
        let bearer = "Bearer \(token())"
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/accounts/acct-9/reset-password", method: .post, headers: [.authorization: bearer]) { response in
                XCTAssertEqual(response.status, .notFound)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                XCTAssertEqual(error.details["field"], "path.accountId")
            }
        }
        let route = try XCTUnwrap(GatewayRoutes.all.routes.first { $0.busType == DuesAPI.unpaidList.type })
        XCTAssertEqual(route.namingWhereTheFieldCameFrom(ErrorBody.make("dues.month_invalid", details: ["field": "body.month"])).details["field"],
                       "query.month")
        XCTAssertEqual(route.namingWhereTheFieldCameFrom(ErrorBody.make("x", details: ["field": "body.other"])).details["field"], "body.other")
    }

    /// The same key from the same caller is the same request id (the service applies it once); another
    /// caller's same key is another request; the same key while the first runs is refused with 409.
    func testIdempotencyKeyBecomesTheRequestId() async throws {
        let gate = Gate()
        let bus = FakeBus { request in
            if request["body"]?["note"] == "slow" { await gate.wait() }
            return GatewayAppTests.reply(to: request, body: #"{"ok":true}"#)
        }
        let (app, _) = app(bus)
        let path = "/api/v1/dues/cash-records"
        let body = #"{"memberId":"m","months":["2026-05"],"amountFen":100}"#
        let one = "Bearer \(token(id: "acct-1"))", two = "Bearer \(token(id: "acct-2"))"
        try await app.test(.router) { client in
            for (bearer, key) in [(one, "k-1"), (one, "k-1"), (two, "k-1"), (one, "k-2")] {
                try await client.execute(uri: path, method: .post, headers: [
                    .authorization: bearer, HTTPField.Name("Idempotency-Key")!: key,
                ], body: ByteBuffer(string: body)) { XCTAssertEqual($0.status, .ok) }
            }
            try await client.execute(uri: path, method: .post, headers: [.authorization: one],
                                     body: ByteBuffer(string: body)) { XCTAssertEqual($0.status, .ok) }
            try await client.execute(uri: path, method: .post, headers: [
                .authorization: one, HTTPField.Name("Idempotency-Key")!: String(repeating: "x", count: 300),
            ], body: ByteBuffer(string: body)) { XCTAssertEqual($0.status, .badRequest) }

            // The same key while the first request is still running.
            let slow = #"{"memberId":"m","months":["2026-05"],"amountFen":100,"note":"slow"}"#
            let headers: HTTPFields = [.authorization: one, HTTPField.Name("Idempotency-Key")!: "k-slow"]
            let first = Task { try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: slow)).status }
            try await Self.waitUntil { bus.sent.withLock { $0.count } == 6 }
            try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: slow)) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertEqual(try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).code, "request.in_progress")
            }
            await gate.open()
            let status = try await first.value
            XCTAssertEqual(status, .ok)
        }
        let ids = bus.sent.withLock { $0.map { $0["id"] } }
        XCTAssertEqual(ids[0], ids[1], "a retry with the same key is the same request")
        XCTAssertNotEqual(ids[0], ids[2], "keys are scoped to the caller")
        XCTAssertNotEqual(ids[0], ids[3])
        XCTAssertNotEqual(ids[4], ids[0], "no key: a new id")
        XCTAssertEqual(bus.sent.withLock { $0.count }, 6, "the refused ones never reached the bus")
    }

    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(5))  // poll interval of a deadline wait
        }
    }
}

struct TimedOut: Error {}

/// Holds callers until opened.
actor Gate {
    var isOpen = false
    var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}
