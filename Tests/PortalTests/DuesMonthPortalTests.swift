import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Portal
import Schema
import XCTest

/// 党费管理 pages (标准录入, 线下交纳, 未交名单, 收缴率) on the real router, dues answered by a closure:
/// the page shows dues' amounts and sends what was typed, dues' errors land on the row they name,
/// a 403 is the "没有权限" page, exports download with their name, the chart is plain SVG.
final class DuesMonthPortalTests: XCTestCase {
    typealias FakeBus = PortalTests.FakeBus

    func app(_ bus: FakeBus) -> some ApplicationProtocol { PortalTests.make(bus).0 }

    static let sid = "s-admin"
    static var cookies: HTTPFields {
        let now = Int(Date().timeIntervalSince1970)
        let token = TokenVerifier.sign(TokenClaims(sub: "acct-b", kind: "admin", mid: nil, org: "001001001", roles: [], sid: sid,
                                                   iat: now - 1, exp: now + 600), secret: PortalTests.secret)
        return [PortalTests.cookieName: "dj_device=device-0001; dj_session=\(PortalCookies.encode(SessionCookie(a: token, r: "r")))"]
    }
    static var form: HTTPFields {
        var fields = cookies
        fields[.contentType] = "application/x-www-form-urlencoded"
        return fields
    }
    static let csrf = CSRF(secret: Array(repeating: 7, count: 32)).token(session: sid)

    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: try! JSONEncoder().encode(value), as: UTF8.self)
    }

    static let view = BranchStandardsView(
        orgCode: "001001001", orgName: "第一党支部", month: "2026-11", status: .draft, submittedAt: nil,
        items: [StandardView(memberId: "m-1", memberName: "王建国", orgCode: "001001001", month: "2026-11", kind: .employed,
                             baseFen: 500_001, rateBasisPoints: 150, amountFen: 7_500, approval: nil, note: nil, paid: false),
                StandardView(memberId: "m-2", memberName: "李秀英", orgCode: "001001001", month: "2026-11", kind: .retired,
                             baseFen: 300_000, rateBasisPoints: 50, amountFen: 1_500, approval: nil, note: nil, paid: true)],
        missingMemberIds: ["m-3"], totalFen: 9_000)

    static let searched = #"{"items":[{"id":"m-3","idNumber":"3301**********1234","name":"张志强","sex":"male","birthDate":"1990-01-01","ethnicity":"汉族","phone":"139****0003","memberType":"full","orgCode":"001001001","orgName":"第一党支部","unit":"单位","post":"member","status":"active","reviewed":true,"masked":true,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}],"total":1,"offset":0,"limit":200}"#

    static func type(_ request: JSONValue) -> String {
        if case .string(let t)? = request["type"] { t } else { "" }
    }

    func testTheStandardsPageShowsDuesAmountsAndSendsWhatWasTyped() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "dues.standards.get", "dues.standards.save": return Self.json(Self.view)
            case "identity.member.search": return Self.searched
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/dues/standards?org=001001001&month=2026-11", method: .get, headers: Self.cookies) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                // dues' amounts and rates, as dues computed them; the member without a standard by identity's name.
                for text in ["王建国", "¥75.00", "（1.5%）", "5000.01", "李秀英", "已交", "张志强", "未录入", "¥90.00", "草稿（未提交）"] {
                    XCTAssertTrue(html.contains(text), text)
                }
                XCTAssertTrue(html.contains(#"name="base_0" value="5000.01" aria-label="王建国 工资基数（元）""#), html)
                XCTAssertFalse(html.contains(#"name="base_1""#), "a paid month is not editable")
                XCTAssertTrue(html.contains(#"<select name="kind_2" aria-label="张志强 类别">"#))
                XCTAssertFalse(html.contains("style="))
            }
            // Only the changed row goes to dues, its base in fen.
            let body = ["_csrf=\(Self.csrf)", "org=001001001", "month=2026-11", "rows=3", "action=save",
                        "id_0=m-1", "was_0=employed%7C5000.01%7C%7C", "kind_0=employed", "base_0=5000.01", "amount_0=", "note_0=",
                        "id_1=m-2", "was_1=retired%7C3000.00%7C%7C",
                        "id_2=m-3", "was_2=employed%7C%7C%7C", "kind_2=employed", "base_2=%C2%A56%2C000.5", "amount_2=", "note_2="]
                .joined(separator: "&")
            try await client.execute(uri: "/admin/dues/standards", method: .post, headers: Self.form, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/admin/dues/standards?org=001001001&month=2026-11&done=saved")
            }
        }
        let save = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "dues.standards.save" } })
        XCTAssertEqual(save["body"]?["items"], .array([.object(["memberId": .string("m-3"), "kind": .string("employed"), "baseFen": .int(600_050)])]))
        XCTAssertEqual(save["actor"]?["kind"], .string("admin"))
    }

    func testDuesErrorsLandOnTheRowTheyNameAndSubmitFollowsTheSave() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "dues.standards.get": return Self.json(Self.view)
            case "identity.member.search": return Self.searched
            case "dues.standards.save":
                return #"error:{"code":"dues.base_required","message":"请输入党费基数","details":{"field":"body.items.0.baseFen"}}"#
            default: return "{}"
            }
        }
        let body = ["_csrf=\(Self.csrf)", "org=001001001", "month=2026-11", "rows=3", "action=submit",
                    "id_2=m-3", "was_2=employed%7C%7C%7C", "kind_2=retired", "base_2=", "amount_2=", "note_2=%E5%A4%87"].joined(separator: "&")
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/dues/standards", method: .post, headers: Self.form, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<tr data-member="m-3" class="dm-row-error">"#), html)
                XCTAssertTrue(html.contains(#"aria-label="张志强 工资基数（元）" inputmode="decimal" autocomplete="off" class="dm-money" aria-invalid="true">"#), html)
                XCTAssertTrue(html.contains(#"<p class="field-error" role="alert">请输入党费基数</p>"#))
                XCTAssertTrue(html.contains(#"<option value="retired" selected>"#), "what was typed is kept")
            }
            // A base that is not an amount never reaches dues.
            let bad = body.replacingOccurrences(of: "base_2=", with: "base_2=abc")
            try await client.execute(uri: "/admin/dues/standards", method: .post, headers: Self.form, body: ByteBuffer(string: bad)) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(String(buffer: response.body).contains("请输入金额，如 5000 或 5000.50"))
            }
        }
        XCTAssertEqual(bus.types.filter { $0.hasPrefix("dues.standards.s") }, ["dues.standards.save"], "no submit after a refused save")
    }

    func testAnotherBranchsPageIsTheNoPermissionPage() async throws {
        let bus = FakeBus { _ in #"error:{"code":"dues.forbidden","message":"无权操作该组织或党员的党费","details":{}}"# }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/dues/standards?org=001001002&month=2026-11", method: .get, headers: Self.cookies) { response in
                XCTAssertEqual(response.status, .forbidden)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("没有权限") && html.contains("无权操作该组织或党员的党费"), html)
            }
        }
    }

    func testCashIsRecordedForTheMonthsTickedWithTheAmountTyped() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.member.search": return Self.searched
            case "dues.member.months":
                return #"{"memberId":"m-3","memberName":"张志强","openMonth":"2026-11","lines":[{"memberId":"m-3","month":"2026-11","amountFen":1500,"state":"due"},{"memberId":"m-3","month":"2026-10","amountFen":1500,"state":"overdue"}],"payableMonths":["2026-10","2026-11"],"payableTotalFen":3000}"#
            default:
                return #"{"paymentId":"p-1","status":"confirmed","way":"cash","lines":[],"totalFen":3000}"#
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/dues/cash?member=m-3", method: .get, headers: Self.cookies) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<option value="m-3" selected>张志强（139****0003）</option>"#), html)
                XCTAssertTrue(html.contains(#"name="m_0" value="2026-10" checked"#) && html.contains(#"value="30.00""#), html)
                XCTAssertTrue(html.contains("欠交（可补交）"))
            }
            let body = "_csrf=\(Self.csrf)&org=&memberId=m-3&recordId=r-1&monthCount=2&m_0=2026-10&m_1=2026-11&amount=30&note="
            try await client.execute(uri: "/admin/dues/cash", method: .post, headers: Self.form, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/admin/dues/cash?org=&member=m-3&done=cash")
            }
        }
        let cash = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "dues.cash.record" } })
        XCTAssertEqual(cash["body"], .object(["recordId": .string("r-1"), "memberId": .string("m-3"),
                                              "months": .array([.string("2026-10"), .string("2026-11")]), "amountFen": .int(3000)]))
    }

    func testTheUnpaidListPagesAndExportsAsDuesMakesIt() async throws {
        let csv = Data("姓名,月份\n王建国,2026-11\n".utf8).base64EncodedString()
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "dues.unpaid.list":
                return #"{"items":[{"memberId":"m-1","memberName":"王建国","orgCode":"001001001","orgName":"第一党支部","month":"2026-11","amountFen":7500,"paid":false,"arrearsMonths":2}],"total":120,"offset":50,"limit":50}"#
            case "dues.export.unpaid":
                return #"{"fileName":"未交党费名单-2026-11.csv","contentType":"text/csv; charset=utf-8","contentBase64":"\#(csv)","rows":1}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/dues/unpaid?org=001&month=2026-11&page=2", method: .get, headers: Self.cookies) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                for text in ["王建国", "¥75.00", "此前已连续欠交 2 个月", "120", "第 2 / 3 页",
                             "/admin/dues/unpaid?org=001&amp;month=2026-11&amp;paid=unpaid&amp;page=3",
                             "/admin/dues/unpaid/export?format=xlsx&amp;org=001&amp;month=2026-11"] {
                    XCTAssertTrue(html.contains(text), text)
                }
            }
            try await client.execute(uri: "/admin/dues/unpaid/export?format=csv&org=001&month=2026-11", method: .get, headers: Self.cookies) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/csv; charset=utf-8")
                let disposition = try XCTUnwrap(response.headers[.contentDisposition])
                XCTAssertTrue(disposition.hasPrefix("attachment; filename=") && disposition.contains("2026-11.csv"), disposition)
                XCTAssertEqual(String(buffer: response.body), "姓名,月份\n王建国,2026-11\n")
            }
        }
        let list = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "dues.unpaid.list" } })
        XCTAssertEqual(list["body"], .object(["orgCode": .string("001"), "month": .string("2026-11"), "offset": .int(50), "limit": .int(50)]))
    }

    func testTheCollectionRateIsAnSVGChartWithItsTable() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "dues.collection.rate":
                return #"{"month":"2026-11","total":{"orgCode":"001001001","orgName":"第一党支部","dueMembers":20,"paidMembers":5,"dueFen":30000,"paidFen":7500,"rateBasisPoints":2500},"children":[]}"#
            case "identity.org.get": return #"{"code":"001001001","name":"第一党支部","type":"branch","parentCode":"001001","path":"/001/001001/001001001/","depth":2,"unit":"","isVillage":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/dues/rate", method: .get, headers: Self.cookies) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<svg class="dm-rate-chart" viewBox="0 0 400 54""#), html)
                XCTAssertTrue(html.contains(##"width="82" height="16" fill="#c8161d""##), "25% of 330")
                XCTAssertTrue(html.contains("25%") && html.contains("¥75.00") && html.contains("¥300.00"))
                XCTAssertFalse(html.contains("style="), "nothing the CSP would refuse")
                XCTAssertFalse(html.contains("dm-up"), "no way up from the administrator's own organization")
            }
        }
    }

    func testAPreviewAsksDuesAndAnswersJSON() async throws {
        let bus = FakeBus { request in
            if case .int(let base)? = request["body"]?["items"]?[0]?["baseFen"], base == 800_000 {
                return #"{"items":[{"memberId":"row","kind":"employed","baseFen":800000,"rateBasisPoints":150,"amountFen":12000,"needsApproval":false}]}"#
            }
            return #"error:{"code":"dues.base_required","message":"请输入党费基数","details":{"field":"body.items.0.baseFen"}}"#
        }
        try await app(bus).test(.router) { client in
            for (body, expected) in [("kind=employed&base=8000&amount=", #"{"amount":"¥120.00","rate":"1.5%"}"#),
                                     ("kind=employed&base=&amount=", #"{"error":"请输入党费基数"}"#),
                                     ("kind=employed&base=abc&amount=", #"{"error":"请输入金额，如 5000 或 5000.50"}"#)] {
                try await client.execute(uri: "/admin/dues/standards/preview", method: .post, headers: Self.form,
                                         body: ByteBuffer(string: "_csrf=\(Self.csrf)&" + body)) { response in
                    XCTAssertEqual(response.status, .ok)
                    XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                    let answer = try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))
                    XCTAssertEqual(answer, try JSONDecoder().decode([String: String].self, from: Data(expected.utf8)), body)
                }
            }
            try await client.execute(uri: "/admin/dues/standards/preview", method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "kind=employed&base=8000")) { response in
                XCTAssertEqual(response.status, .forbidden, "no CSRF token, no preview")
            }
        }
        XCTAssertEqual(bus.types, ["dues.standards.preview", "dues.standards.preview"], "a base that is no amount never reaches dues")
    }

    func testAMonthNotOpenIsOpenedByDues() async throws {
        var closed = Self.view
        closed.status = nil
        closed.items = []
        closed.missingMemberIds = ["m-3"]
        closed.totalFen = 0
        let closedView = Self.json(closed)
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "dues.standards.get": return closedView
            case "identity.member.search": return Self.searched
            case "dues.collection.rate":
                return #"{"month":"2026-12","total":{"orgCode":"001001001","orgName":"第一党支部","dueMembers":0,"paidMembers":0,"dueFen":0,"paidFen":0,"rateBasisPoints":0},"children":[]}"#
            default: return #"{"month":"2026-12","branchesOpened":1,"standardsCarried":0,"membersFlagged":0}"#
            }
        }
        try await app(bus).test(.router) { client in
            // No month asked: the one dues is collecting.
            try await client.execute(uri: "/admin/dues/standards", method: .get, headers: Self.cookies) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("本月尚未开启") && html.contains(#"action="/admin/dues/standards/open""#), html)
                XCTAssertTrue(html.contains(#"name="month" type="month" value="2026-12""#))
                XCTAssertTrue(html.contains("张志强") && html.contains("未录入"))
            }
            try await client.execute(uri: "/admin/dues/standards/open", method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "_csrf=\(Self.csrf)&org=001001001&month=2026-12")) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/admin/dues/standards?org=001001001&month=2026-12&done=opened")
            }
        }
        let open = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "dues.month.open" } })
        XCTAssertEqual(open["body"], .object(["orgCode": .string("001001001"), "month": .string("2026-12")]))
    }
}
