import Foundation
import GatewayCore
import Schema
import XCTest

final class ErrorStatusTests: XCTestCase {
    func testEveryFamilyMapsToItsStatus() {
        let expected: [String: Int] = [
            "schema.invalid": 400,
            "auth.unauthenticated": 401, "auth.whatever": 401,
            "identity.token_invalid": 401, "identity.token_expired": 401, "identity.login_failed": 401,
            "identity.session_revoked": 401, "identity.ticket_invalid": 401,
            "identity.forbidden": 403, "auth.forbidden": 403, "dues.forbidden": 403,
            "not_found": 404, "identity.member_not_found": 404, "identity.org_not_found": 404,
            "identity.profile_change_not_found": 404, "http.not_found": 404,
            "http.method_not_allowed": 405,
            "identity.username_taken": 409, "identity.phone_taken": 409, "identity.id_number_taken": 409,
            "identity.wechat_taken": 409, "identity.admin_limit": 409,
            "http.payload_too_large": 413,
            "identity.password_weak": 422, "identity.code_invalid": 422, "identity.phone_invalid": 422,
            "dues.window_not_open": 422,
            "identity.account_locked": 423,
            "identity.code_rate_limited": 429, "http.rate_limited": 429,
            "internal": 500, "something_unknown": 500,
            "bus.service_unavailable": 503, "bus.shutting_down": 503, "identity.provider_unavailable": 503,
            "bus.timeout": 504,
        ]
        for (code, status) in expected {
            XCTAssertEqual(ErrorStatus.status(for: code), status, code)
        }
    }

    func testGatewayCodesHaveChineseMessages() {
        for code in [ErrorCode.httpNotFound, ErrorCode.httpMethodNotAllowed, ErrorCode.httpPayloadTooLarge, ErrorCode.httpRateLimited] {
            let message = ErrorBody.make(code).message
            XCTAssertNotEqual(message, ErrorCode.fallbackMessage, code)
            XCTAssertTrue(message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, code)
        }
    }
}

final class OpenAPITests: XCTestCase {
    let table = GatewayRoutes.all

    /// Every route is documented, and every documented operation is a route, with the same auth.
    func testDocumentCoversEveryRouteAndNothingElse() throws {
        let document = OpenAPI.document(table)
        let documented = OpenAPI.operations(in: document)
        let routed = Set(table.routes.map { "\($0.method) \($0.path)" })
        XCTAssertEqual(routed.count, table.routes.count, "no route twice")
        XCTAssertEqual(documented, routed)
        XCTAssertEqual(document["openapi"], "3.1.0")
        for route in table.routes {
            let op = try XCTUnwrap(document["paths"]?[route.path]?[route.method.lowercased()], route.path)
            XCTAssertEqual(op["summary"], .string(route.summary))
            XCTAssertEqual(op["security"], route.auth == .bearer ? [["bearerAuth": []]] : [], route.path)
            if let type = route.busType { XCTAssertEqual(op["x-bus-type"], .string(type)) }
            switch route.raw?.response {
            case nil, .json?:
                XCTAssertEqual(op["responses"]?["200"]?["content"]?["application/json"]?["schema"], .object(route.response.json))
            case .file(let mediaTypes, _, _, _)?:
                guard case .object(let content)? = op["responses"]?["200"]?["content"] else { XCTFail(route.path); continue }
                XCTAssertEqual(Set(content.keys), Set(mediaTypes), route.path)
                XCTAssertNotNil(op["responses"]?["200"]?["headers"]?["Content-Disposition"], route.path)
            case .text(let mediaType)?, .fixed(_, let mediaType)?:
                XCTAssertEqual(op["responses"]?["200"]?["content"]?[mediaType]?["schema"], .object(route.response.json), route.path)
            }
            // Non-JSON request bodies: NotificationRoutesTests checks their document.
            if let form = route.raw?.request, form != .jsonObject { continue }
            XCTAssertEqual(op["requestBody"]?["content"]?["application/json"]?["schema"], route.body.map { .object($0.json) })
            var pathParams: [String] = []
            if case .array(let parameters)? = op["parameters"] {
                for parameter in parameters where parameter["in"] == .string("path") {
                    if case .string(let name)? = parameter["name"] { pathParams.append(name) }
                }
            }
            XCTAssertEqual(pathParams, route.pathParameters, route.path)
            XCTAssertEqual(document["paths"]?[route.path]?[route.method.lowercased()]?["operationId"], .string(route.operationId))
        }
        let ids = table.routes.map(\.operationId)
        XCTAssertEqual(Set(ids).count, ids.count, "operationIds are unique")
    }

    /// The issue's list of identity operations is all there.
    func testIdentityOperationsAreRouted() {
        let types = Set(table.routes.compactMap(\.busType))
        for type in [IdentityAPI.logIn.type, IdentityAPI.loginChangePassword.type, IdentityAPI.loginVerifyCode.type, IdentityAPI.loginResendCode.type,
                     IdentityAPI.tokenRefresh.type, IdentityAPI.logout.type, IdentityAPI.passwordForgot.type, IdentityAPI.passwordReset.type,
                     IdentityAPI.adminCreate.type, IdentityAPI.accountResetPassword.type, IdentityAPI.wechatBind.type, IdentityAPI.wechatUnbind.type,
                     IdentityAPI.realNameVerify.type, IdentityAPI.realNameStatus.type, IdentityAPI.orgSubtree.type, IdentityAPI.orgChildren.type,
                     IdentityAPI.orgAncestors.type, IdentityAPI.orgSearch.type, IdentityAPI.memberSearch.type, IdentityAPI.memberGet.type,
                     IdentityAPI.memberUpdate.type, IdentityAPI.profileSubmit.type, IdentityAPI.profilePending.type, IdentityAPI.profileReview.type,
                     IdentityAPI.adminList.type, IdentityAPI.adminGet.type, IdentityAPI.adminUpdate.type, IdentityAPI.adminDisable.type,
                     IdentityAPI.adminEnable.type, IdentityAPI.memberResetPassword.type] {
            XCTAssertTrue(types.contains(type), type)
        }
        XCTAssertFalse(types.contains(IdentityAPI.tokenKeys.type), "key material never goes out over HTTP")
    }
}

final class RoutingTests: XCTestCase {
    let table = GatewayRoutes.all

    func testLiteralBeatsPlaceholderAndParametersAreDecoded() {
        guard case .found(let search, let none) = table.match(method: "GET", path: "/api/v1/orgs/search") else { return XCTFail() }
        XCTAssertEqual(search.busType, IdentityAPI.orgSearch.type)
        XCTAssertEqual(none, [:])
        guard case .found(let get, let params) = table.match(method: "GET", path: "/api/v1/orgs/%E5%B8%82001") else { return XCTFail() }
        XCTAssertEqual(get.busType, IdentityAPI.orgGet.type)
        XCTAssertEqual(params, ["code": "市001"])
    }

    func testWrongMethodAndUnknownPath() {
        guard case .methodNotAllowed(let allowed) = table.match(method: "PUT", path: "/api/v1/members/m1") else { return XCTFail() }
        XCTAssertEqual(allowed, ["GET", "PATCH"])
        guard case .notFound = table.match(method: "GET", path: "/api/v1/nothing") else { return XCTFail() }
        guard case .notFound = table.match(method: "GET", path: "/api/v1/orgs/001/children/x") else { return XCTFail() }
    }

    func testInputMergesBodyPathAndTypedQuery() throws {
        guard case .found(let route, let params) = table.match(method: "GET", path: "/api/v1/orgs/subtree") else { return XCTFail() }
        let ok = try RequestInput.build(route: route, pathParameters: params, query: [("code", "001"), ("limit", "20"), ("x", "y")],
                                        body: []).get()
        XCTAssertEqual(ok, ["code": "001", "limit": 20])
        guard case .failure(let bad) = RequestInput.build(route: route, pathParameters: [:], query: [("limit", "many")], body: []) else { return XCTFail() }
        XCTAssertEqual(bad.code, "schema.invalid")
        XCTAssertEqual(bad.details, ["field": "query.limit", "reason": "type_mismatch"])
        guard case .failure(let range) = RequestInput.build(route: route, pathParameters: [:], query: [("limit", "0")], body: []) else { return XCTFail() }
        XCTAssertEqual(range.details["reason"], "invalid_value")

        guard case .found(let review, let rp) = table.match(method: "POST", path: "/api/v1/profile-changes/c-1/review") else { return XCTFail() }
        let merged = try RequestInput.build(route: review, pathParameters: rp, query: [], body: Array(#"{"approve":true}"#.utf8)).get()
        XCTAssertEqual(merged, ["changeId": "c-1", "approve": true])
    }

    func testBadBodiesNameTheField() {
        guard case .found(let login, _) = table.match(method: "POST", path: "/api/v1/auth/login") else { return XCTFail() }
        func failure(_ body: String) -> ErrorBody? {
            if case .failure(let e) = RequestInput.build(route: login, pathParameters: [:], query: [], body: Array(body.utf8)) { return e }
            return nil
        }
        XCTAssertEqual(failure("{not json")?.details, ["field": "$", "reason": "not_json"])
        XCTAssertEqual(failure(#"{"identifier":"a","password":"b"}"#)?.details, ["field": "body.deviceId", "reason": "missing"])
        XCTAssertEqual(failure(#"{"identifier":1,"password":"b","deviceId":"d"}"#)?.details, ["field": "body.identifier", "reason": "type_mismatch"])
        XCTAssertEqual(failure(#"{"identifier":null,"password":"b","deviceId":"d"}"#)?.details["reason"], "type_mismatch")
        XCTAssertEqual(failure("[1]")?.details, ["field": "body", "reason": "type_mismatch"])
        XCTAssertNil(failure(#"{"identifier":"a","password":"b","deviceId":"d"}"#))
        XCTAssertTrue(failure(#"{"identifier":"a"}"#)?.message.contains("缺少字段") ?? false)
    }

    func testEnumsAndNestedObjectsAreChecked() throws {
        func body(_ operation: OperationDescriptor) throws -> JSONSchema {
            try XCTUnwrap(GatewayRoutes.all.routes.first { $0.busType == operation.type }?.body)
        }
        let schema = try body(IdentityAPI.memberSearch.descriptor)
        XCTAssertEqual(schema.violation(of: ["status": "gone"], at: "body")?.details, ["field": "body.status", "reason": "invalid_value"])
        XCTAssertNil(schema.violation(of: ["status": "active", "limit": 10], at: "body"))
        XCTAssertEqual(schema.violation(of: ["limit": "ten"], at: "body")?.details["field"], "body.limit")
        XCTAssertEqual(try body(IdentityAPI.profileSubmit.descriptor).violation(of: ["changes": ["post": "king"]], at: "body")?.details["field"],
                       "body.changes.post")
    }
}

final class TokenVerifierTests: XCTestCase {
    let secret = Array("0123456789abcdef0123456789abcdef".utf8)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(exp: Int) -> TokenClaims {
        TokenClaims(sub: "acct-1", kind: "member", mid: "m-1", org: "001001001", roles: ["secretary"], sid: "s-1",
                    iat: Int(now.timeIntervalSince1970) - 10, exp: exp)
    }

    func testValidTokenGivesTheActor() throws {
        let verifier = TokenVerifier(keys: ["k1": secret])
        let token = TokenVerifier.sign(claims(exp: Int(now.timeIntervalSince1970) + 60), secret: secret)
        let verified = try verifier.verify(token, now: now)
        XCTAssertEqual(verified.actor, Actor(kind: .member, id: "m-1", orgCode: "001001001", roles: ["secretary"]))
        var admin = claims(exp: Int(now.timeIntervalSince1970) + 60)
        admin.kind = "admin"
        admin.mid = nil
        XCTAssertEqual(try verifier.verify(TokenVerifier.sign(admin, secret: secret), now: now).actor.id, "acct-1")
    }

    func testTamperedExpiredAndWrongKeyAreRefused() throws {
        let verifier = TokenVerifier(keys: ["k1": secret])
        let token = TokenVerifier.sign(claims(exp: Int(now.timeIntervalSince1970) + 60), secret: secret)
        let parts = token.split(separator: ".").map(String.init)
        var forged = claims(exp: Int(now.timeIntervalSince1970) + 60)
        forged.mid = "m-2"
        let forgedPayload = String(TokenVerifier.sign(forged, secret: secret).split(separator: ".")[1])
        let cases: [(String, String)] = [
            (parts[0] + "." + forgedPayload + "." + parts[2], "identity.token_invalid"),
            (parts[0] + "." + parts[1] + "." + String(parts[2].reversed()), "identity.token_invalid"),
            (TokenVerifier.sign(claims(exp: Int(now.timeIntervalSince1970) + 60), secret: Array("another key of 32 bytes........!".utf8)), "identity.token_invalid"),
            (TokenVerifier.sign(claims(exp: Int(now.timeIntervalSince1970) - 1), secret: secret), "identity.token_expired"),
            ("garbage", "identity.token_invalid"),
            (TokenVerifier.base64URL(Data(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + ".", "identity.token_invalid"),
        ]
        for (candidate, code) in cases {
            XCTAssertThrowsError(try verifier.verify(candidate, now: now)) { XCTAssertEqual(($0 as? ErrorBody)?.code, code) }
        }
        // No keys yet: nothing verifies.
        XCTAssertThrowsError(try TokenVerifier().verify(token, now: now))
    }

    /// A token verified once is remembered, but not across a change of keys, nor past its expiry.
    func testRememberedTokensFollowKeysAndExpiry() throws {
        let verifier = TokenVerifier(keys: ["k1": secret])
        let token = TokenVerifier.sign(claims(exp: Int(now.timeIntervalSince1970) + 60), secret: secret)
        XCTAssertNoThrow(try verifier.verify(token, now: now))
        XCTAssertNoThrow(try verifier.verify(token, now: now))
        XCTAssertThrowsError(try verifier.verify(token, now: now.addingTimeInterval(61))) {
            XCTAssertEqual(($0 as? ErrorBody)?.code, "identity.token_expired")
        }
        verifier.setKeys(["k2": Array("another key of 32 bytes........!".utf8)])
        XCTAssertThrowsError(try verifier.verify(token, now: now)) { XCTAssertEqual(($0 as? ErrorBody)?.code, "identity.token_invalid") }
    }

    func testKeysFromIdentityAndRevokedSessions() throws {
        let verifier = TokenVerifier()
        XCTAssertFalse(verifier.setKeys(TokenKeysReply(currentKeyId: "x", keys: [TokenKey(keyId: "x", algorithm: "RS256", secret: "AAAA")])))
        XCTAssertTrue(verifier.setKeys(TokenKeysReply(currentKeyId: "k", keys: [TokenKey(keyId: "k", algorithm: "HS256", secret: TokenVerifier.base64URL(secret))])))
        let token = TokenVerifier.sign(claims(exp: Int(now.timeIntervalSince1970) + 60), secret: secret)
        XCTAssertNoThrow(try verifier.verify(token, now: now))
        verifier.revoke(sessionId: "s-1", until: Int(now.timeIntervalSince1970) + 60, now: now)
        XCTAssertThrowsError(try verifier.verify(token, now: now)) { XCTAssertEqual(($0 as? ErrorBody)?.code, "identity.session_revoked") }
    }
}

final class RateLimiterTests: XCTestCase {
    func testBurstThenRefillPerKey() {
        let limiter = RateLimiter(capacity: 3, period: 60)  // 3 at once, then one every 20 s
        let t0: TimeInterval = 1000
        for _ in 0..<3 { XCTAssertTrue(limiter.take("ip:1", now: t0).allowed) }
        let refused = limiter.take("ip:1", now: t0)
        XCTAssertFalse(refused.allowed)
        XCTAssertEqual(refused.retryAfter, 20)
        XCTAssertTrue(limiter.take("ip:2", now: t0).allowed, "another key has its own bucket")
        XCTAssertFalse(limiter.take("ip:1", now: t0 + 19).allowed)
        XCTAssertTrue(limiter.take("ip:1", now: t0 + 21).allowed)
        XCTAssertFalse(limiter.take("ip:1", now: t0 + 21.5).allowed)
    }

    func testFullBucketsAreForgotten() {
        let limiter = RateLimiter(capacity: 2, period: 10)
        _ = limiter.take("a", now: 0)
        _ = limiter.take("b", now: 0)
        XCTAssertEqual(limiter.trackedKeys, 2)
        _ = limiter.take("c", now: 100)  // a and b refilled long ago: swept
        XCTAssertEqual(limiter.trackedKeys, 1)
    }
}

final class RequestIdTests: XCTestCase {
    func testSaneClientIdsAreKeptOthersReplaced() {
        XCTAssertEqual(RequestId.resolve("abc-123_x.y"), "abc-123_x.y")
        for bad in [nil, "", "has space", "x\r\nInjected: 1", String(repeating: "a", count: 129), "中文"] {
            let id = RequestId.resolve(bad)
            XCTAssertNotEqual(id, bad)
            XCTAssertNotNil(UUID(uuidString: id), "a fresh UUID for \(String(describing: bad))")
        }
        XCTAssertNotEqual(RequestId.resolve(nil), RequestId.resolve(nil))
    }
}

final class RequestIdUniquenessTests: XCTestCase {
    func testFreshIdsAreDistinctUUIDs() {
        let ids = (0..<1000).map { _ in RequestId.resolve(nil) }
        XCTAssertEqual(Set(ids).count, 1000)
        XCTAssertTrue(ids.allSatisfy { UUID(uuidString: $0) != nil })
    }
}

/// The gateway writes request envelopes by hand on its hot path: they must decode as `Wire` reads them.
final class EnvelopeBytesTests: XCTestCase {
    func testRequestsDecodeAsTheWireReadsThem() throws {
        let actor = Actor(kind: .admin, id: "a-\"1\\", orgCode: "001", roles: ["city", "秘书"])
        let body: JSONValue = ["code": "001", "limit": 5, "note": "换行\n\t\u{1}", "ok": true, "items": [1.5, .null]]
        let bytes = EnvelopeBytes.request(type: "identity.org.subtree", id: "req-1", actor: actor, body: body,
                                          sentAt: Date(timeIntervalSince1970: 1_800_000_000.123))
        let envelope = try Wire.decode(JSONValue.self, from: bytes)
        XCTAssertEqual(envelope.type, "identity.org.subtree")
        XCTAssertEqual(envelope.id, "req-1")
        XCTAssertEqual(envelope.actor, actor)
        XCTAssertEqual(envelope.body, body)
        XCTAssertEqual(envelope.sentAt.timeIntervalSince1970, 1_800_000_000.123, accuracy: 0.001)
        XCTAssertEqual(Actor(kind: .anonymous, id: ""), try Wire.decode(JSONValue.self, from: EnvelopeBytes.request(
            type: "t", id: "i", actor: Actor(kind: .anonymous, id: ""), body: [:])).actor)
    }
}
