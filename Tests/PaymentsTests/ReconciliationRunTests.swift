import CryptoExtras
import Foundation
import GRDB
import Payments
import ProviderSimulatorCore
import Schema
import Store
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// 对账 end to end in-process: the three statement downloads against the provider simulator over
/// real HTTP (each signed request verified there, each answer verified here), and the runner over a
/// real store: matches, injected 长款/短款 reported, a failed download storing nothing, re-runs.
final class ReconciliationRunTests: XCTestCase {
    var sim: ProviderSimulator!
    var base = ""
    var alipay: AlipayGateway!
    var alipayRequests: AlipayRequests!
    var wechat: WeChatPayMerchant!
    var unionpay: UnionPayMerchant!
    let city = Actor(kind: .admin, id: "admin-city", orgCode: "001", roles: ["city"])

    override func setUp() async throws {
        var config = SimConfig()
        config.port = 0
        config.alipay.alipayPrivateKeyPEM = try Vectors.text("alipay-test-private.pem")
        config.alipay.merchantPublicKeyPEM = try Vectors.text("merchant-test-public.pem")
        config.wechatpay.mchId = WeChatVectors.mchId
        config.wechatpay.appId = WeChatVectors.appId
        config.wechatpay.platformSerialNo = WeChatVectors.platformSerial
        config.wechatpay.platformPrivateKeyPEM = try Vectors.text("wechatpay-platform-private.pem")
        config.wechatpay.merchantPublicKeyPEM = try Vectors.text("wechatpay-merchant-public.pem")
        config.wechatpay.apiV3Key = try Vectors.text("wechatpay-apiv3-key.txt")
        config.wechatpay.retryScale = 1000   // no notification retries during the test
        config.unionpay.merId = UnionPayVectors.merId
        config.unionpay.privateKeyPEM = try Vectors.text("unionpay-platform-private.pem")
        config.unionpay.merchantPublicKeyPEM = try Vectors.text("unionpay-merchant-public.pem")
        config.unionpay.retryScale = 1000
        sim = try ProviderSimulator(config: config)
        let port = try await sim.start()
        base = "http://127.0.0.1:\(port)"
        let requests = AlipayRequests(appId: config.alipay.appId, notifyURL: "http://127.0.0.1:9/notify",
                                      privateKey: try _RSA.Signing.PrivateKey(pemRepresentation: Vectors.text("merchant-test-private.pem")))
        alipayRequests = requests
        alipay = AlipayGateway(url: base + "/gateway.do", requests: requests, alipayPublicKey: try Vectors.publicKey())
        wechat = try WeChatVectors.merchant()
        wechat.gatewayURL = base
        wechat.notifyURL = "http://127.0.0.1:9/notify"
        unionpay = try UnionPayVectors.merchant(gatewayURL: base)
        unionpay.backUrl = "http://127.0.0.1:9/notify"
        unionpay.fileTransURL = base + "/filedownload/"
    }

    override func tearDown() async throws {
        await sim.stop()
    }

    var sources: [any StatementSource] {
        [AlipayBillDownload(gateway: alipay), WeChatPayBillDownload(merchant: wechat), UnionPayFileDownload(merchant: unionpay)]
    }

    func get(_ path: String, method: String = "GET") async throws -> String {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200, String(decoding: data, as: UTF8.self))
        return String(decoding: data, as: UTF8.self)
    }

    static func id(_ channel: String, _ n: Int) -> String {
        let tail = String(n)
        return "po" + channel.prefix(2) + String(repeating: "0", count: 28 - tail.count) + tail
    }

    /// A trade placed and paid at the provider; its provider number.
    func paidAtProvider(_ channel: StatementChannel, _ id: String, _ fen: Int64) async throws -> String {
        let expires = Date().addingTimeInterval(900)
        switch channel {
        case .alipay:
            _ = try await alipay.start(orderId: id, totalFen: fen, subject: "党费", expiresAt: expires)
            _ = try await get("/_sim/alipay/pay?out_trade_no=\(id)")
            let trade = try await alipay.query(orderId: id)
            return try XCTUnwrap(trade?.tradeNo)
        case .wechatpay:
            let gateway = WeChatPayGateway(merchant: wechat)
            _ = try await gateway.start(orderId: id, totalFen: fen, subject: "党费", expiresAt: expires)
            _ = try await get("/_sim/wechatpay/pay?out_trade_no=\(id)")
            let trade = try await gateway.query(orderId: id)
            return try XCTUnwrap(trade?.tradeNo)
        case .unionpay:
            let gateway = UnionPayGateway(channel: .unionpay, merchant: unionpay, txnTime: { _ in Date(timeIntervalSince1970: 1_800_000_000) })
            let url = try await gateway.start(orderId: id, totalFen: fen, subject: "党费", expiresAt: expires)
            _ = try await URLSession.shared.data(from: URL(string: url)!)
            _ = try await get("/_sim/unionpay/pay?orderId=\(id)&card=debit")
            let trade = try await gateway.queried(orderId: id)
            return try XCTUnwrap(trade?.queryId)
        }
    }

    func refundAtProvider(_ channel: StatementChannel, _ id: String, _ fen: Int64) async throws {
        switch channel {
        case .alipay: try await alipay.refund(orderId: id, requestNo: id + "r1", amountFen: fen, reason: "测试")
        case .wechatpay: try await WeChatPayGateway(merchant: wechat).refund(orderId: id, requestNo: id + "r1", amountFen: fen, reason: "测试")
        case .unionpay:
            try await UnionPayGateway(channel: .unionpay, merchant: unionpay, txnTime: { _ in Date(timeIntervalSince1970: 1_800_000_000) })
                .refund(orderId: id, requestNo: id + "r1", amountFen: fen, reason: "测试")
        }
    }

    // MARK: Downloads

    func testEachChannelsStatementHoldsTheDaysPaymentsAndRefunds() async throws {
        let today = BeijingDay(Date())
        for channel in StatementChannel.allCases {
            let kept = Self.id(channel.rawValue, 1), refunded = Self.id(channel.rawValue, 2)
            let keptNo = try await paidAtProvider(channel, kept, 4505)
            let refundedNo = try await paidAtProvider(channel, refunded, 1500)
            try await refundAtProvider(channel, refunded, 1500)
            let source = try XCTUnwrap(sources.first { $0.channel == channel })
            let statement = try await source.statement(for: today)
            XCTAssertEqual(statement.channel, channel)
            let payments = statement.lines.filter { $0.kind == .payment }.map { "\($0.outTradeNo) \($0.providerTradeNo) \($0.amountFen)" }
            XCTAssertEqual(Set(payments), ["\(kept) \(keptNo) 4505", "\(refunded) \(refundedNo) 1500"], "\(channel)")
            let refunds = statement.lines.filter { $0.kind == .refund }
            XCTAssertEqual(refunds.count, 1, "\(channel)")
            XCTAssertEqual(refunds.first?.amountFen, 1500)
            // A UnionPay 退货 names itself, and the consume by its queryId.
            if channel == .unionpay { XCTAssertEqual(refunds.first?.originalProviderTradeNo, refundedNo) }
            else { XCTAssertEqual(refunds.first?.outTradeNo, refunded) }
            XCTAssertEqual(statement.paymentFen, 6005)
            // Nothing on another day.
            let yesterday = try await source.statement(for: today.previous)
            XCTAssertTrue(yesterday.lines.isEmpty, "\(channel)")
        }
    }

    func testAnAnswerNotSignedByTheProviderIsRefused() async throws {
        let today = BeijingDay(Date())
        // Verified with another key than the provider's: each answer's signature fails.
        let stranger = try _RSA.Signing.PublicKey(pemRepresentation: Vectors.text("merchant-test-public.pem"))
        var badUnionPay = unionpay!
        badUnionPay.unionPayPublicKey = stranger
        var badWeChat = wechat!
        badWeChat.platformPublicKey = stranger
        let badAlipay = AlipayGateway(url: base + "/gateway.do", requests: alipayRequests, alipayPublicKey: stranger)
        let cases: [(any StatementSource, String)] = [(UnionPayFileDownload(merchant: badUnionPay), "response_signature"),
                                                      (WeChatPayBillDownload(merchant: badWeChat), "response_signature"),
                                                      (AlipayBillDownload(gateway: badAlipay), "response_signature")]
        for (source, reason) in cases {
            do throws(ErrorBody) {
                _ = try await source.statement(for: today)
                XCTFail("\(source.channel): an unverified answer must be refused")
            } catch {
                XCTAssertEqual(error.code, ErrorCode.paymentsReconciliationStatementFailed)
                XCTAssertEqual(error.details["channel"], source.channel.rawValue)
                XCTAssertEqual(error.details["reason"], reason)
            }
        }
    }

    func testABillWhoseSHA1DiffersIsRefused() async throws {
        _ = try await paidAtProvider(.wechatpay, Self.id("wechatpay", 1), 4505)
        _ = try await get("/_sim/wechatpay/statement-corrupt", method: "POST")
        do throws(ErrorBody) {
            _ = try await WeChatPayBillDownload(merchant: wechat).statement(for: BeijingDay(Date()))
            XCTFail("a bill that is not the one whose SHA1 WeChat gave must be refused")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.paymentsReconciliationStatementFailed)
            XCTAssertEqual(error.details["reason"], "hash_mismatch")
        }
        // Downloaded again, intact: read.
        let statement = try await WeChatPayBillDownload(merchant: wechat).statement(for: BeijingDay(Date()))
        XCTAssertEqual(statement.lines.map(\.outTradeNo), [Self.id("wechatpay", 1)])
    }

    // MARK: The runner

    struct FakeDues: DuesRecordsPort {
        let paidFen: @Sendable (String) -> Int64?
        func paid(_ query: PaidPaymentsQuery) async throws(ErrorBody) -> PaidPayments {
            PaidPayments(items: (query.paymentIds ?? []).compactMap { id in paidFen(id).map { PaidPayment(paymentId: id, paidFen: $0, paidAt: nil) } })
        }
    }

    /// Our order, paid (and confirmed) at `now`, with the provider's number.
    func ours(_ store: Store, _ channel: StatementChannel, _ id: String, _ fen: Int64, tradeNo: String) throws {
        let now = Date()
        try store.writeSync { db in
            try Orders.insert(db, id: id, payer: "m1", channel: channel.rawValue, lines: [OrderLine(memberId: "m1", month: "2026-10", amountFen: fen)],
                              remark: nil, expiresAt: now.addingTimeInterval(900), now: now.addingTimeInterval(-60))
            XCTAssertTrue(try Orders.markPaid(db, id: id, providerTradeNo: tradeNo, now: now))
            try db.execute(sql: "UPDATE payment_order SET status = 'confirmed' WHERE id = ?", arguments: [id])
        }
    }

    func testADayMatchesAndInjectedLongAndShortPaymentsAreReported() async throws {
        let day = BeijingDay(Date())
        let fixture = try TemporaryPaymentsStore()
        let store = fixture.store
        var fens: [String: Int64] = [:]
        for channel in StatementChannel.allCases {
            for n in 1...3 {
                let id = Self.id(channel.rawValue, n), fen = Int64(1500 * n)
                let tradeNo = try await paidAtProvider(channel, id, fen)
                try ours(store, channel, id, fen, tradeNo: tradeNo)
                fens[id] = fen
            }
        }
        let known = fens
        // No cut-over window: near Beijing midnight the default 300 s would (rightly) call these 跨日.
        let reconciliation = Reconciliation(store: store, sources: sources, dues: FakeDues { known[$0] }, cutOverSeconds: 0)
        let today = BeijingDay(Date())
        try XCTSkipIf(today != day, "the payments straddled Beijing midnight; their days differ by design")

        let clean = try await reconciliation.run(ReconciliationRunRequest(day: today.description), by: city)
        XCTAssertEqual(clean.run, 1)
        XCTAssertEqual(clean.differenceCount, 0)
        XCTAssertEqual(clean.matchedCount, 9)
        XCTAssertEqual(clean.matchedFen, 3 * (1500 + 3000 + 4500))
        XCTAssertEqual(clean.channels, ["alipay", "unionpay", "wechatpay"])

        // 长款: Alipay has a payment we never made an order for. 短款: WeChat's bill lacks one we were paid.
        let stranger = Self.id("alipay", 99)
        _ = try await get("/_sim/alipay/statement-extra?out_trade_no=\(stranger)&amount_fen=2000", method: "POST")
        let dropped = Self.id("wechatpay", 2)
        _ = try await get("/_sim/wechatpay/statement-drop?out_trade_no=\(dropped)", method: "POST")
        let second = try await reconciliation.run(ReconciliationRunRequest(day: today.description), by: city)
        XCTAssertEqual(second.run, 2, "a re-run adds a newer run")
        XCTAssertEqual(second.matchedCount, 8)
        let view = try await reconciliation.get(ReconciliationDayRef(day: today.description), by: city)
        XCTAssertEqual(view.summary.run, second.run)
        XCTAssertEqual(view.summary.kinds, second.kinds)
        XCTAssertEqual(view.differences.map { "\($0.kind) \($0.channel) \($0.orderId)" },
                       ["longPayment alipay \(stranger)", "shortPayment wechatpay \(dropped)"])
        XCTAssertEqual(view.differences.first?.providerFen, 2000)
        XCTAssertEqual(view.differences.first?.title, "长款")
        XCTAssertEqual(view.differences.last?.ourFen, 3000)
        XCTAssertEqual(second.kinds.first { $0.kind == "longPayment" }?.count, 1)
        XCTAssertEqual(second.kinds.first { $0.kind == "shortPayment" }?.fen, 3000)

        // The export: the differences, then the totals per kind.
        let export = try await reconciliation.export(ReconciliationDayRef(day: today.description), by: city)
        let csv = String(decoding: try XCTUnwrap(Data(base64Encoded: export.contentBase64)), as: UTF8.self)
        XCTAssertEqual(export.rows, 2)
        XCTAssertTrue(csv.contains("长款,支付宝,\(stranger)"), csv)
        XCTAssertTrue(csv.contains("短款,微信支付,\(dropped)"), csv)

        // The list: the day's latest run.
        let list = try await reconciliation.list(ReconciliationListQuery(), by: city)
        XCTAssertEqual(list.items.map { "\($0.day) \($0.run) \($0.differenceCount)" }, ["\(today) 2 2"])
    }

    func testAFailedDownloadStoresNothing() async throws {
        let fixture = try TemporaryPaymentsStore()
        var bad = unionpay!
        bad.fileTransURL = "http://127.0.0.1:9/filedownload/"   // nobody listens
        let reconciliation = Reconciliation(store: fixture.store,
                                            sources: [AlipayBillDownload(gateway: alipay), UnionPayFileDownload(merchant: bad)],
                                            dues: FakeDues { _ in nil })
        let today = BeijingDay(Date())
        do {
            _ = try await reconciliation.run(ReconciliationRunRequest(day: today.description), by: city)
            XCTFail("a statement that cannot be downloaded fails the run")
        } catch let error as ErrorBody {
            XCTAssertEqual(error.code, ErrorCode.paymentsReconciliationStatementFailed)
            XCTAssertEqual(error.details["channel"], "unionpay")
        }
        XCTAssertEqual(try fixture.store.readSync { db in try ReconciliationRuns.runCount(db, day: today.description) }, 0)
        do {
            _ = try await reconciliation.get(ReconciliationDayRef(day: today.description), by: city)
            XCTFail("no report before a run")
        } catch let error as ErrorBody {
            XCTAssertEqual(error.code, ErrorCode.paymentsReconciliationNotFound)
        }
    }

    func testOnlyTheRootOrganizationsAdministratorsAndAValidDay() async throws {
        let fixture = try TemporaryPaymentsStore()
        let reconciliation = Reconciliation(store: fixture.store, sources: [], dues: FakeDues { _ in nil })
        let branchAdmin = Actor(kind: .admin, id: "admin-a", orgCode: "001001001")
        let member = Actor(kind: .member, id: "m1")
        for actor in [branchAdmin, member] {
            do {
                _ = try await reconciliation.list(ReconciliationListQuery(), by: actor)
                XCTFail("\(actor.id) may not see reconciliation")
            } catch let error as ErrorBody {
                XCTAssertEqual(error.code, ErrorCode.paymentsForbidden)
            }
            do {
                _ = try await reconciliation.run(ReconciliationRunRequest(), by: actor)
                XCTFail("\(actor.id) may not run reconciliation")
            } catch let error as ErrorBody {
                XCTAssertEqual(error.code, ErrorCode.paymentsForbidden)
            }
        }
        let tomorrow = BeijingDay(Date()).next.description
        for bad in ["2026-02-30", "2026-1-05", "yesterday", tomorrow] {
            do {
                _ = try await reconciliation.run(ReconciliationRunRequest(day: bad), by: city)
                XCTFail("\(bad) is not a day to reconcile")
            } catch let error as ErrorBody {
                XCTAssertEqual(error.code, ErrorCode.paymentsReconciliationDayInvalid)
                XCTAssertEqual(error.details["field"], "body.day")
            }
        }
        // Default: yesterday, with no channel configured a clean empty report.
        let summary = try await reconciliation.run(ReconciliationRunRequest(), by: city)
        XCTAssertEqual(summary.day, BeijingDay(Date()).previous.description)
        XCTAssertEqual(summary.differenceCount, 0)
    }
}
