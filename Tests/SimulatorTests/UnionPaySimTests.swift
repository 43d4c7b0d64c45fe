import Crypto
import CryptoExtras
import FlyingFox
import Foundation
import ProviderSimulatorCore
import XCTest

/// What the simulator POSTs to backUrl (the raw form body), and what the merchant answers (the first
/// answers from `answers`, then 200 `ok`).
actor UnionPayInbox {
    var bodies: [String] = []
    var answers: [(Int, String)] = []

    func take(_ body: String) -> (Int, String) {
        bodies.append(body)
        return answers.isEmpty ? (200, "ok") : answers.removeFirst()
    }
    func answer(_ list: [(Int, String)]) { answers = list }

    func wait(for count: Int, timeout: Double = 5) async -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, bodies.count < count { try? await Task.sleep(nanoseconds: 10_000_000) }
        return bodies
    }
}

final class UnionPaySimTests: SimTestCase {
    let inbox = UnionPayInbox()
    var receiver: HTTPServer!
    var receiverTask: Task<Void, any Error>!
    var backUrl = ""
    let unionPayKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    let merchantKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let merId = "777290058110048"

    override func setUp() async throws {
        let inbox = self.inbox
        receiver = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await receiver.appendRoute("POST /unionpay/back") { request in
            let (status, text) = await inbox.take(String(decoding: try await request.bodyData, as: UTF8.self))
            return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Answer"), body: Data(text.utf8))
        }
        let receiver = self.receiver!
        receiverTask = Task { try await receiver.run() }
        try await receiver.waitUntilListening()
        guard case .ip4(_, let port) = await receiver.listeningAddress else { return XCTFail("no port") }
        backUrl = "http://127.0.0.1:\(port)/unionpay/back"
        try await super.setUp()
    }

    override func configure(_ config: inout SimConfig) {
        config.unionpay.merId = Self.merId
        config.unionpay.privateKeyPEM = unionPayKey.pemRepresentation
        config.unionpay.merchantPublicKeyPEM = merchantKey.publicKey.pemRepresentation
        config.unionpay.retryScale = 0.001
    }

    override func tearDown() async throws {
        try await super.tearDown()
        await receiver.stop()
        receiverTask.cancel()
    }

    // MARK: The merchant's side, written from UnionPay's documentation (not the simulator's code)

    /// signMethod 01: sorted `k=v&` of all but signature → SHA-256 → lower-case hex → SHA256withRSA.
    static func digest(_ f: [String: String]) -> Data {
        let text = f.keys.filter { $0 != "signature" }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { "\($0)=\(f[$0]!)" }.joined(separator: "&")
        return Data(SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().utf8)
    }

    func signed(_ f: [String: String], key: _RSA.Signing.PrivateKey? = nil) throws -> [String: String] {
        var f = f.merging(["version": "5.1.0", "encoding": "UTF-8", "signMethod": "01", "certId": "68759585097", "accessType": "0",
                           "merId": Self.merId]) { a, _ in a }
        f["signature"] = try (key ?? merchantKey).signature(for: Self.digest(f), padding: .insecurePKCS1v1_5).rawRepresentation
            .base64EncodedString()
        return f
    }

    func isSignedByUnionPay(_ f: [String: String]) -> Bool {
        guard let s = f["signature"], let raw = Data(base64Encoded: s) else { return false }
        return unionPayKey.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: Self.digest(f),
                                                      padding: .insecurePKCS1v1_5)
    }

    static func encode(_ f: [String: String]) -> String {
        f.map { "\(enc($0.key))=\(enc($0.value))" }.joined(separator: "&")
    }

    static func decodeForm(_ body: String) -> [String: String] {
        var f: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            f[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return f
    }

    /// A back answer: raw pairs, split at the first `=` (no percent-decoding: base64 keeps its `+`).
    static func answer(_ reply: Reply) -> [String: String] {
        var f: [String: String] = [:]
        for pair in String(decoding: reply.body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            f[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        return f
    }

    func consume(_ orderId: String, fen: Int = 4505, txnTime: String = "20270115160000", key: _RSA.Signing.PrivateKey? = nil) throws -> [String: String] {
        try signed(["txnType": "01", "txnSubType": "01", "bizType": "000201", "channelType": "07", "orderId": orderId,
                    "txnTime": txnTime, "txnAmt": String(fen), "currencyCode": "156", "frontUrl": "http://127.0.0.1:9/back",
                    "backUrl": backUrl, "payTimeout": "20991231235959"], key: key)
    }

    func back(_ path: String, _ fields: [String: String]) async throws -> [String: String] {
        let r = try await request("POST", path, body: Data(Self.encode(fields).utf8),
                                  headers: ["Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"])
        XCTAssertEqual(r.status, 200)
        let a = Self.answer(r)
        XCTAssertTrue(isSignedByUnionPay(a), "every back answer is signed: \(a)")
        return a
    }

    func query(_ orderId: String, txnTime: String = "20270115160000") async throws -> [String: String] {
        try await back("/gateway/api/queryTrans.do", signed(["txnType": "00", "txnSubType": "00", "bizType": "000000",
                                                              "channelType": "07", "orderId": orderId, "txnTime": txnTime]))
    }

    // MARK: Tests

    func testFrontPageAcceptsOnlyTheMerchantsSignature() async throws {
        let posted = try await request("POST", "/gateway/api/frontTransReq.do", body: Data(Self.encode(consume("po00000000000000000000000000001a")).utf8),
                                       headers: ["Content-Type": "application/x-www-form-urlencoded"])
        XCTAssertEqual(posted.status, 200)
        let page = String(decoding: posted.body, as: UTF8.self)
        XCTAssertTrue(page.contains("po00000000000000000000000000001a") && page.contains("45.05") && page.contains("card=credit"), page)
        let viaLink = try await get("/gateway/api/frontTransReq.do?" + Self.encode(consume("po00000000000000000000000000001b")))
        XCTAssertEqual(viaLink.status, 200, "the signed fields as a query work too")
        let forged = try await get("/gateway/api/frontTransReq.do?" + Self.encode(consume("po00000000000000000000000000001c",
                                                                                          key: _RSA.Signing.PrivateKey(keySize: .bits2048))))
        XCTAssertEqual(forged.status, 400)
        var tampered = try consume("po00000000000000000000000000001d")
        tampered["txnAmt"] = "1"
        let changed = try await get("/gateway/api/frontTransReq.do?" + Self.encode(tampered))
        XCTAssertEqual(changed.status, 400)
        let trades = try await get("/_sim/unionpay/trades").json
        XCTAssertEqual(trades["count"] as? Int, 2)
        XCTAssertEqual(trades["rejected"] as? Int, 2)
    }

    func testPaidNotificationIsSignedAndResentUntilOk() async throws {
        await inbox.answer([(500, "busy"), (200, "fail")])
        let id = "po00000000000000000000000000002a"
        _ = try await get("/gateway/api/frontTransReq.do?" + Self.encode(consume(id)))
        let paid = try await get("/_sim/unionpay/pay?orderId=\(id)&card=debit").json
        XCTAssertEqual(paid["payCardType"] as? String, "01")
        let bodies = await inbox.wait(for: 3)
        XCTAssertEqual(bodies.count, 3, "resent after a 500 and after a body other than ok")
        guard bodies.count == 3 else { return }
        let f = Self.decodeForm(bodies[2])
        XCTAssertTrue(isSignedByUnionPay(f))
        XCTAssertEqual(f["orderId"], id)
        XCTAssertEqual(f["txnAmt"], "4505")
        XCTAssertEqual(f["merId"], Self.merId)
        XCTAssertEqual(f["respCode"], "00")
        XCTAssertEqual(f["payCardType"], "01")
        XCTAssertEqual(f["queryId"], paid["queryId"] as? String)
        XCTAssertEqual(f["signPubKeyCert"], unionPayKey.publicKey.pemRepresentation)
        try await Task.sleep(nanoseconds: 300_000_000)
        let afterOk = await inbox.bodies.count
        XCTAssertEqual(afterOk, 3, "answered ok: no more deliveries")

        // A second pay sends nothing new; /notify delivers a duplicate now.
        _ = try await get("/_sim/unionpay/pay?orderId=\(id)&card=credit")
        let again = try await get("/_sim/unionpay/notify?orderId=\(id)").json
        XCTAssertEqual(again["answered"] as? Bool, true)
        let all = await inbox.wait(for: 4)
        XCTAssertEqual(all.count, 4)
        guard all.count == 4 else { return }
        XCTAssertEqual(Self.decodeForm(all[3])["queryId"], f["queryId"])
        XCTAssertEqual(Self.decodeForm(all[3])["payCardType"], "01")
    }

    func testCreditCardNotification() async throws {
        let id = "po00000000000000000000000000003a"
        _ = try await get("/gateway/api/frontTransReq.do?" + Self.encode(consume(id, fen: 100)))
        let page = try await get("/_sim/unionpay/pay?browser=1&orderId=\(id)&card=credit")
        XCTAssertTrue(String(decoding: page.body, as: UTF8.self).contains("返回商户"))
        let bodies = await inbox.wait(for: 1)
        let f = Self.decodeForm(try XCTUnwrap(bodies.first))
        XCTAssertTrue(isSignedByUnionPay(f))
        XCTAssertEqual(f["payCardType"], "02")
        XCTAssertEqual(f["txnAmt"], "100")
    }

    func testQueryAndRefund() async throws {
        let id = "po00000000000000000000000000004a"
        let missing = try await query(id)
        XCTAssertEqual(missing["respCode"], "34")
        _ = try await get("/gateway/api/frontTransReq.do?" + Self.encode(consume(id)))
        let open = try await query(id)
        XCTAssertEqual(open["respCode"], "00")
        XCTAssertEqual(open["origRespCode"], "05")
        let r1 = try await query(id, txnTime: "20270115160001")
        XCTAssertEqual(r1["respCode"], "34", "orderId and txnTime name the trade")
        _ = try await get("/_sim/unionpay/pay?orderId=\(id)")
        let paid = try await query(id)
        XCTAssertEqual(paid["origRespCode"], "00")
        XCTAssertEqual(paid["txnAmt"], "4505")
        let queryId = try XCTUnwrap(paid["queryId"])

        func refund(_ orderId: String, _ fen: Int) async throws -> [String: String] {
            try await back("/gateway/api/backTransReq.do", signed([
                "txnType": "04", "txnSubType": "00", "bizType": "000201", "channelType": "07", "orderId": orderId,
                "origQryId": queryId, "txnTime": "20270115170000", "txnAmt": String(fen), "currencyCode": "156", "backUrl": backUrl,
            ]))
        }
        let r2 = try await refund(id + "r1", 4505)
        XCTAssertEqual(r2["respCode"], "00")
        let r3 = try await refund(id + "r1", 4505)
        XCTAssertEqual(r3["respCode"], "00", "the same refund orderId: the same refund")
        let r4 = try await refund(id + "r1", 100)
        XCTAssertEqual(r4["respCode"], "12")
        let r5 = try await refund(id + "r2", 1)
        XCTAssertEqual(r5["respCode"], "36", "nothing left to refund")
        let trade = (try await get("/_sim/unionpay/trades").json["trades"] as? [[String: Any]])?.first
        XCTAssertEqual(trade?["refunded"] as? Int, 4505)
        XCTAssertEqual(trade?["refunds"] as? Int, 1)

        var forged = try signed(["txnType": "00", "txnSubType": "00", "bizType": "000000", "channelType": "07", "orderId": id,
                                 "txnTime": "20270115160000"])
        forged["orderId"] = "po00000000000000000000000000004b"
        let r6 = try await back("/gateway/api/queryTrans.do", forged)
        XCTAssertEqual(r6["respCode"], "11")
    }
}
