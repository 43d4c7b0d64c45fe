import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Portal
import Schema
import XCTest

/// The transfer pages in-process, transfers answered by a closure: an administrator of the waiting
/// organization sees its act (划拨 with the named branch already chosen), an applicant's ID number and
/// phone are masked, a printed letter's button is greyed with the hint, and the target is only ever a
/// suggestion (a typed code is never sent).
final class TransferPageTests: XCTestCase {
    typealias FakeBus = PortalTests.FakeBus
    typealias O = OrgAdminPageTests

    static func view(status: String = "pending", letter: String = "null") -> String {
        #"""
        {"transferId":"T-1","kind":"inbound","status":"\#(status)","memberName":"赵转入","fromOrgName":"中共杭州市某局机关党支部",
         "toOrgCode":"001002002","toOrgName":"机关第二党总支第二党支部","toUnit":"示范市直机关","reason":"工作调动","openedBy":"applicant",
         "steps":[{"index":0,"action":"assign","orgCode":"001","orgName":"中共示范市委","state":"waiting"},
                  {"index":1,"action":"confirm","orgCode":"001002002","orgName":"机关第二党总支第二党支部","state":"upcoming"}],
         "currentStep":0,"history":[{"what":"submitted","title":"提交申请","at":"2026-11-28T00:00:00.000Z"}],
         "letter":\#(letter),"voidedLetters":[],
         "applicant":{"name":"赵转入","sex":"male","ethnicity":"汉族","idNumber":"330106199203150019","phone":"13700000777",
                      "memberType":"full","joinDate":"2015-07-01","fromOrgName":"中共杭州市某局机关党支部"},
         "createdAt":"2026-11-28T00:00:00.000Z","updatedAt":"2026-11-28T00:00:00.000Z"}
        """#
    }

    static let printedLetter = #"""
        {"number":"2026000001","state":"printed","memberName":"赵转入","sex":"男","age":34,"ethnicity":"汉族","memberType":"正式",
         "idNumber":"330106********0019","fromOrgName":"A","toOrgTitle":"T","toOrgName":"N","toUnit":"U","duesPaidThrough":"2026-10",
         "validDays":30,"issuerName":"中共示范市委","issuerAddress":"","issuerPhone":"","issuerFax":"","issuerPostcode":"",
         "issuedAt":"2026-11-28T00:00:00.000Z","printedAt":"2026-11-28T01:00:00.000Z"}
        """#

    func testTheWaitingCommitteeSeesItsAssignWithTheBranchChosenAndPersonalDataMasked() async throws {
        let bus = FakeBus { _ in Self.view() }
        try await PortalTests.make(bus).0.test(.router) { client in
            try await client.execute(uri: "/admin/transfers/T-1", method: .get, headers: O.cookies()) { response in
                XCTAssertEqual(response.status, .ok)
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"action="/admin/transfers/T-1/assign""#), "划拨 is the committee's act")
                XCTAssertTrue(html.contains(#"value="001002002|机关第二党总支第二党支部" checked"#), "the branch named is chosen")
                XCTAssertFalse(html.contains("tr-confirm"), "接收 is the branch's, later")
                XCTAssertFalse(html.contains("330106199203150019"))
                XCTAssertFalse(html.contains("13700000777"))
                XCTAssertTrue(html.contains("137****0777"))
            }
        }
    }

    func testAPrintedLetterIsGreyedWithTheHint() async throws {
        let bus = FakeBus { _ in Self.view(status: "completed", letter: Self.printedLetter) }
        try await PortalTests.make(bus).0.test(.router) { client in
            try await client.execute(uri: "/admin/transfers/T-1", method: .get, headers: O.cookies()) { response in
                let html = String(buffer: response.body)
                XCTAssertTrue(html.contains(#"<button type="submit" class="button" disabled>打印介绍信</button>"#), html)
                XCTAssertTrue(html.contains("作废后重新开具"))
                XCTAssertTrue(html.contains("党费交到 2026年10月") || html.contains("党费交到 2026"), "the letter's dues month")
                XCTAssertTrue(html.contains(#"action="/admin/transfers/T-1/revoke""#), "a completed transfer may be revoked")
            }
        }
    }

    func testATypedCodeIsNeverSentOnlyAChosenSuggestion() async throws {
        let bus = FakeBus { request in
            switch MemberPageTests.type(request) {
            case "transfers.targets": #"{"items":[{"code":"001002002","name":"机关第二党总支第二党支部","unit":"示范市直机关","within":"中共示范市委 / 机关第二党总支"}]}"#
            case "transfers.apply": Self.view()
            default: "{}"
            }
        }
        try await PortalTests.make(bus).0.test(.router) { client in
            // 查找: the suggestions come back as choices; nothing is applied.
            try await client.execute(uri: "/me/transfers/new", method: .post, headers: MemberPageTests.cookies(form: true),
                                     body: MemberPageTests.body("kind=within_city&toOrgCodeQ=%E7%AC%AC%E4%BA%8C&find=toOrgCode&reason=abc")) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(String(buffer: response.body).contains(#"value="001002002|机关第二党总支第二党支部""#))
            }
            XCTAssertFalse(bus.types.contains("transfers.apply"))
            // The text typed in the search box is not a target: only the chosen radio's code is sent.
            try await client.execute(uri: "/me/transfers/new", method: .post, headers: MemberPageTests.cookies(form: true),
                                     body: MemberPageTests.body("kind=within_city&toOrgCodeQ=001002003&reason=%E5%B7%A5%E4%BD%9C")) { _ in }
            try await client.execute(uri: "/me/transfers/new", method: .post, headers: MemberPageTests.cookies(form: true),
                                     body: MemberPageTests.body("kind=within_city&toOrgCode=001002002%7Cx&reason=%E5%B7%A5%E4%BD%9C")) { response in
                XCTAssertEqual(response.status, .seeOther)
            }
            let applied = bus.sent.withLock { $0 }.filter { MemberPageTests.type($0) == "transfers.apply" }
            XCTAssertEqual(applied.count, 2)
            XCTAssertNil(applied.first?["body"]?["toOrgCode"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            XCTAssertEqual(applied.last?["body"]?["toOrgCode"], .string("001002002"))
        }
    }

    func testTheOpenFormsSearchCountsAgainstThePerAddressLimit() async throws {
        let bus = FakeBus { _ in #"{"items":[]}"# }
        try await PortalTests.make(bus, loginLimit: 1).0.test(.router) { client in
            let body = "_csrf=\(PortalTests.device)&toCommitteeCodeQ=%E5%B8%82%E5%A7%94&find=toCommitteeCode"
            try await client.execute(uri: "/transfer-in", method: .post, headers: PortalTests.form, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(String(buffer: response.body).contains("没有名称相符的党组织"))
            }
            try await client.execute(uri: "/transfer-in", method: .post, headers: PortalTests.form, body: ByteBuffer(string: body)) { response in
                XCTAssertEqual(response.status, .tooManyRequests)
            }
            XCTAssertEqual(bus.types.filter { $0 == "transfers.targets" }.count, 1)
        }
    }
}
