import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Portal
import Schema
import Synchronization
import XCTest

/// The administrators' 党组织管理, 党员管理 and 数据导入 pages in-process, identity answered by a
/// closure: what each page asks identity, what it shows of the answer, where a refusal lands.
final class OrgAdminPageTests: XCTestCase {
    typealias FakeBus = PortalTests.FakeBus

    func app(_ bus: FakeBus) -> some ApplicationProtocol { PortalTests.make(bus).0 }

    static let sid = "s-admin"
    static let csrf = CSRF(secret: Array(repeating: 7, count: 32)).token(session: sid)

    /// demoadmin of committee 001: the session cookie, and the headers of a form post.
    static func cookies(contentType: String? = nil) -> HTTPFields {
        let now = Int(Date().timeIntervalSince1970)
        let token = TokenVerifier.sign(TokenClaims(sub: "acct-1", kind: "admin", mid: nil, org: "001", roles: ["city"], sid: sid,
                                                   iat: now - 1, exp: now + 600), secret: PortalTests.secret)
        var headers: HTTPFields = [PortalTests.cookieName: "dj_device=device-0001; dj_session=\(PortalCookies.encode(SessionCookie(a: token, r: "r-1")))"]
        if let contentType { headers[.contentType] = contentType }
        return headers
    }

    static func type(_ request: JSONValue) -> String { if case .string(let t)? = request["type"] { t } else { "" } }

    static let stamp = #""createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z""#
    static func org(_ code: String, _ name: String, _ type: String, parent: String?) -> String {
        let parentField = parent.map { #""parentCode":"\#($0)","# } ?? ""
        return #"{"code":"\#(code)","name":"\#(name)","type":"\#(type)",\#(parentField)"path":"/\#(code)/","depth":1,"unit":"示范市直机关","isVillage":false,\#(stamp)}"#
    }

    static func admin(_ id: String, org: String, name: String) -> String {
        #"{"accountId":"\#(id)","username":"u\#(id)","orgCode":"\#(org)","orgName":"某组织","name":"\#(name)","post":"组织委员","mobile":"138****5678","active":true,"mustChangePassword":false,"masked":true,"createdAt":"2026-01-01T00:00:00.000Z"}"#
    }

    /// Every visible input, select and textarea has a <label for> naming its id.
    static func assertLabelled(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let controls = try! NSRegularExpression(pattern: #"<(input|select|textarea) id="([^"]+)"[^>]*>"#)
        let matches = controls.matches(in: html, range: NSRange(html.startIndex..., in: html))
        XCTAssertFalse(matches.isEmpty, file: file, line: line)
        for match in matches {
            let tag = String(html[Range(match.range, in: html)!])
            if tag.contains(#"type="hidden""#) { continue }
            let id = String(html[Range(match.range(at: 2), in: html)!])
            XCTAssertTrue(html.contains(#"<label for="\#(id)">"#), "no label for \(id)", file: file, line: line)
        }
    }

    func testTheOrganizationPageShowsItsPlaceInTheTreeItsChildrenAndItsOwnAdministrators() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.org.get": return Self.org("001002", "机关第二党总支", "general_branch", parent: "001")
            case "identity.org.ancestors": return #"{"items":[\#(Self.org("001", "中共示范市委", "committee", parent: nil))]}"#
            case "identity.org.children": return #"{"items":[\#(Self.org("001002003", "第三党支部", "branch", parent: "001002"))]}"#
            case "identity.admin.list":
                // The subtree's accounts: only the organization's own are its 管理员信息.
                return #"{"items":[\#(Self.admin("a-1", org: "001002", name: "赵管理")),\#(Self.admin("a-2", org: "001002003", name: "钱支部"))],"total":2,"offset":0,"limit":200}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/orgs/001002?done=created", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<a href="/admin/orgs/001">中共示范市委</a>"#), "breadcrumb")
                XCTAssertTrue(html.contains(#"<a href="/admin/orgs/001002003">第三党支部</a>"#), "a child, one click down")
                XCTAssertTrue(html.contains("已新建党组织。"))
                XCTAssertTrue(html.contains("赵管理") && html.contains("138****5678"))
                XCTAssertFalse(html.contains("钱支部"), "a sub-organization's administrator is not this one's")
                XCTAssertTrue(html.contains(#"<option value="branch" selected>党支部</option>"#), "a general branch creates branches")
                XCTAssertFalse(html.contains(#"value="committee""#), "only the types allowed below it")
                Self.assertLabelled(html)
            }
        }
        let adminList = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "identity.admin.list" } })
        XCTAssertEqual(adminList["body"]?["orgCode"], .string("001002"))
        XCTAssertEqual(adminList["actor"]?["id"], .string("acct-1"), "asked as the administrator")
    }

    func testAnOrganizationOrMemberOutOfScopeIsTheNoPermissionPage() async throws {
        let bus = FakeBus { _ in #"error:{"code":"identity.forbidden","message":"无权操作该组织或党员","details":{}}"# }
        try await app(bus).test(.router) { client in
            for path in ["/admin/orgs/001002", "/admin/members/m-1"] {
                try await client.execute(uri: path, method: .get, headers: Self.cookies()) { response in
                    XCTAssertEqual(response.status, .forbidden, path)
                    let html = String(buffer: response.body)
                    XCTAssertTrue(html.contains("没有权限") && html.contains("无权操作该组织或党员"), path)
                }
            }
        }
    }

    func testIdentitysErrorOnANewOrganizationIsShownBesideTheCodeWithWhatWasTyped() async throws {
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.org.create":
                return #"error:{"code":"identity.org_code_taken","message":"组织代码已被使用","details":{"field":"body.code"}}"#
            case "identity.org.get": return Self.org("001", "中共示范市委", "committee", parent: nil)
            case "identity.admin.list": return #"{"items":[],"total":0,"offset":0,"limit":200}"#
            default: return #"{"items":[]}"#
            }
        }
        let body = "_csrf=\(Self.csrf)&code=001002&name=%E6%96%B0%E6%94%AF%E9%83%A8&type=branch&unit="
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/orgs/001/children", method: .post,
                                     headers: Self.cookies(contentType: "application/x-www-form-urlencoded"),
                                     body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .conflict)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<p class="field-error" id="create-code-error" role="alert">组织代码已被使用</p>"#), html)
                XCTAssertTrue(html.contains(#"id="create-name" name="name" type="text" value="新支部""#), "what was typed stays")
                XCTAssertTrue(html.contains(#"id="update-name" name="name" type="text" value="中共示范市委""#), "the other forms show the organization")
            }
        }
        let create = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "identity.org.create" } })
        XCTAssertEqual(create["body"]?["parentCode"], .string("001"))
        XCTAssertEqual(create["body"]?["type"], .string("branch"))
    }

    func testTheMemberSearchAsksWithinTheOrganizationAndListsMaskedNumbers() async throws {
        let member = #"{"id":"m-1","idNumber":"1101**********1234","name":"王小明","sex":"male","birthDate":"1990-01-01","ethnicity":"汉族","phone":"138****5678","memberType":"full","orgCode":"001002002","orgName":"第二党支部","unit":"","post":"member","status":"active","reviewed":true,"masked":true,\#(Self.stamp)}"#
        let bus = FakeBus { request in
            Self.type(request) == "identity.member.search" ? #"{"items":[\#(member)],"total":1,"offset":0,"limit":20}"# : "{}"
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/members", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains("1101**********1234") && html.contains("138****5678") && html.contains("/admin/members/m-1"))
                Self.assertLabelled(html)
            }
            try await client.execute(uri: "/admin/members?name=%E7%8E%8B%E5%B0%8F&orgCode=001002", method: .get, headers: Self.cookies()) { _ in }
        }
        let searches = bus.sent.withLock { $0.filter { Self.type($0) == "identity.member.search" } }
        XCTAssertEqual(searches.count, 2)
        XCTAssertEqual(searches[0]["body"]?["orgCode"], .string("001"), "nothing asked: the administrator's organization")
        XCTAssertEqual(searches[1]["body"]?["name"], .string("王小"))
        XCTAssertEqual(searches[1]["body"]?["orgCode"], .string("001002"))
    }

    func testAReassignmentIdentityRefusesIsSaidOnItsForm() async throws {
        let member = #"{"id":"m-1","idNumber":"110101199001011234","name":"王小明","sex":"male","birthDate":"1990-01-01","ethnicity":"汉族","phone":"13812345678","memberType":"full","orgCode":"001001001","orgName":"第一党支部","unit":"","post":"member","status":"active","reviewed":true,"masked":false,\#(Self.stamp)}"#
        let bus = FakeBus { request in
            switch Self.type(request) {
            case "identity.member.reassign":
                return #"error:{"code":"identity.reassign_not_allowed","message":"只有党委、党工委可以划拨党员","details":{}}"#
            case "identity.member.get": return member
            case "identity.member.history": return #"{"items":[]}"#
            default: return "{}"
            }
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/members/m-1/reassign", method: .post,
                                     headers: Self.cookies(contentType: "application/x-www-form-urlencoded"),
                                     body: ByteBuffer(string: "_csrf=\(Self.csrf)&toOrgCode=001001002&reason=")) { response in
                XCTAssertEqual(response.status, .forbidden)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<p class="form-error" role="alert">只有党委、党工委可以划拨党员</p>"#), html)
                XCTAssertTrue(html.contains(#"value="001001002""#), "the typed branch stays")
            }
        }
    }

    func testSuggestionsAreJSONForTheScript() async throws {
        let bus = FakeBus { request in
            Self.type(request) == "identity.org.search"
                ? #"{"items":[{"code":"001002","name":"机关第二党总支","type":"general_branch","pathNames":["中共示范市委","机关第二党总支"],"score":9}]}"#
                : "{}"
        }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/suggest/orgs?q=%E7%AC%AC%E4%BA%8C", method: .get, headers: Self.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "application/json; charset=utf-8")
                let reply = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                XCTAssertEqual(reply["items"]?[0]?["code"], .string("001002"))
                XCTAssertEqual(reply["items"]?[0]?["path"], .string("中共示范市委 › 机关第二党总支"))
            }
        }
        XCTAssertEqual(bus.sent.withLock { $0.first?["body"]?["query"] }, .string("第二"))
    }

    func testAnUploadStartsTheSameImportAsTheAPIWithTheFileBase64() async throws {
        let bus = FakeBus { request in
            Self.type(request) == "identity.import.start"
                ? #"{"jobId":"job-1","status":"queued","rowsDone":0,"rowsTotal":0,"organizationsCreated":0,"membersCreated":0,"errorCount":0,"createdAt":"2026-01-01T00:00:00.000Z"}"#
                : "{}"
        }
        let csv = "组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区\r\n001009,试点党总支,党总支,001,,否\r\n"
        let boundary = "----dj-test"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(Self.csrf)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"organizations\"; filename=\"orgs.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"members\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
            + "--\(boundary)--\r\n"
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/imports", method: .post,
                                     headers: Self.cookies(contentType: "multipart/form-data; boundary=\(boundary)"),
                                     body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/admin/imports/job-1")
            }
            // Without its token the upload is refused before identity hears of it.
            try await client.execute(uri: "/admin/imports", method: .post,
                                     headers: Self.cookies(contentType: "multipart/form-data; boundary=\(boundary)"),
                                     body: ByteBuffer(string: body.replacingOccurrences(of: Self.csrf, with: "forged"))) { response in
                XCTAssertEqual(response.status, .forbidden)
            }
        }
        let start = try XCTUnwrap(bus.sent.withLock { $0.first { Self.type($0) == "identity.import.start" } })
        XCTAssertEqual(start["body"]?["organizationsCsvBase64"], .string(Data(csv.utf8).base64EncodedString()))
        XCTAssertNil(start["body"]?["membersCsvBase64"], "an empty file input is not a file")
        XCTAssertEqual(bus.types, ["identity.import.start"])
    }

    func testAJobsProgressIsAPercentThatReaches100OnlyWhenItEnds() async throws {
        func job(_ status: String, _ done: Int, _ total: Int) -> String {
            #"{"jobId":"job-1","status":"\#(status)","rowsDone":\#(done),"rowsTotal":\#(total),"organizationsCreated":0,"membersCreated":0,"errorCount":0,"createdAt":"2026-01-01T00:00:00.000Z"}"#
        }
        let answers = Mutex(["running": job("running", 5, 10), "done": job("succeeded", 10, 10)])
        let current = Mutex("running")
        let bus = FakeBus { _ in answers.withLock { $0[current.withLock { $0 }]! } }
        try await app(bus).test(.router) { client in
            try await client.execute(uri: "/admin/imports/job-1/progress", method: .get, headers: Self.cookies()) { response in
                let reply = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
                XCTAssertEqual(reply["percent"], .int(50))
                XCTAssertEqual(reply["finished"], .bool(false))
            }
            try await client.execute(uri: "/admin/imports/job-1", method: .get, headers: Self.cookies()) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"value="50""#) && html.contains(#"data-running="true""#), html)
                XCTAssertTrue(html.contains(#"href="/admin/imports/job-1">刷新进度</a>"#), "refreshable without script")
            }
            current.withLock { $0 = "done" }
            try await client.execute(uri: "/admin/imports/job-1", method: .get, headers: Self.cookies()) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"value="100""#) && html.contains("导入成功"), html)
                XCTAssertFalse(html.contains("刷新进度"))
            }
        }
    }

    func testMultipartPartsAreReadByName() {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\r\n--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.csv\"\r\n\r\n1,2\r\n3,4\r\n--b--\r\n".utf8)
        let form = MultipartForm.parse(body, contentType: "multipart/form-data; boundary=\"b\"")
        XCTAssertEqual(form?.fields["a"], "one")
        XCTAssertEqual(form?.files["f"].map { String(decoding: $0.bytes, as: UTF8.self) }, "1,2\r\n3,4")
        XCTAssertEqual(form?.files["f"]?.fileName, "x.csv")
        XCTAssertNil(MultipartForm.parse(body, contentType: "application/x-www-form-urlencoded"))
        XCTAssertNil(MultipartForm.parse(Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut".utf8),
                                         contentType: "multipart/form-data; boundary=b"))
    }
}
