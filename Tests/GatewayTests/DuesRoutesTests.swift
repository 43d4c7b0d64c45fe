import Foundation
import GatewayCore
import Schema
import XCTest

final class DuesRoutesTests: XCTestCase {
    let table = GatewayRoutes.all

    private func resolve(_ method: String, _ path: String, file: StaticString = #filePath, line: UInt = #line)
        -> (GatewayRoute, [String: String])? {
        guard case .found(let route, let parameters) = table.match(method: method, path: path) else {
            XCTFail("\(method) \(path) is not routed", file: file, line: line)
            return nil
        }
        return (route, parameters)
    }

    /// Each HTTP operation reaches the bus type the dues service answers.
    func testDuesRoutesResolveToTheirBusTypes() throws {
        let expected: [(String, String, String)] = [
            ("POST", "/api/v1/dues/months/open", DuesAPI.monthOpen.type),
            ("GET", "/api/v1/dues/branches/001001001/months/2026-05/standards", DuesAPI.standardsGet.type),
            ("POST", "/api/v1/dues/branches/001001001/months/2026-05/standards", DuesAPI.standardsSave.type),
            ("POST", "/api/v1/dues/branches/001001001/months/2026-05/standards/submit", DuesAPI.standardsSubmit.type),
            ("POST", "/api/v1/dues/standards/preview", DuesAPI.standardsPreview.type),
            ("GET", "/api/v1/dues/exemptions/pending", DuesAPI.exemptionPending.type),
            ("POST", "/api/v1/dues/exemptions/review", DuesAPI.exemptionReview.type),
            ("POST", "/api/v1/dues/proposals", DuesAPI.proposalSubmit.type),
            ("GET", "/api/v1/dues/proposals", DuesAPI.proposalList.type),
            ("POST", "/api/v1/dues/proposals/p-1/review", DuesAPI.proposalReview.type),
            ("GET", "/api/v1/dues/months", DuesAPI.memberMonths.type),
            ("POST", "/api/v1/dues/quote", DuesAPI.quote.type),
            ("POST", "/api/v1/dues/proxies", DuesAPI.proxyGrant.type),
            ("GET", "/api/v1/dues/proxies", DuesAPI.proxyList.type),
            ("GET", "/api/v1/dues/proxies/candidates", DuesAPI.proxyCandidates.type),
            ("POST", "/api/v1/dues/proxies/x-1/confirm", DuesAPI.proxyConfirm.type),
            ("POST", "/api/v1/dues/proxies/x-1/revoke", DuesAPI.proxyRevoke.type),
            ("POST", "/api/v1/dues/cash-records", DuesAPI.cashRecord.type),
            ("GET", "/api/v1/dues/unpaid", DuesAPI.unpaidList.type),
            ("GET", "/api/v1/dues/flagged", DuesAPI.flaggedList.type),
            ("GET", "/api/v1/dues/records", DuesAPI.recordList.type),
            ("GET", "/api/v1/dues/history", DuesAPI.memberHistory.type),
            ("GET", "/api/v1/dues/collection-rate", DuesAPI.collectionRate.type),
            ("GET", "/api/v1/dues/exports/branch-month", DuesAPI.exportBranchMonth.type),
            ("GET", "/api/v1/dues/exports/member-history", DuesAPI.exportMemberHistory.type),
            ("GET", "/api/v1/dues/exports/unpaid", DuesAPI.exportUnpaid.type),
        ]
        for (method, path, type) in expected {
            let (route, _) = try XCTUnwrap(resolve(method, path))
            XCTAssertEqual(route.busType, type, "\(method) \(path)")
            XCTAssertEqual(route.auth, .bearer, "\(method) \(path): dues needs a caller")
        }
        XCTAssertEqual(DuesAPI.operations.filter { $0.http != nil }.count, expected.count, "every dues route is listed above")
    }

    /// Payments' reservation calls are service to service: nothing over HTTP reaches them.
    func testPaymentReservationsAreNotExposed() {
        let types = Set(table.routes.compactMap(\.busType))
        for type in [DuesAPI.paymentReserve.type, DuesAPI.paymentConfirm.type, DuesAPI.paymentRelease.type] {
            XCTAssertFalse(types.contains(type), type)
        }
    }

    /// Path parameters become the request's own fields; the body and typed query parameters merge in.
    func testInputsBecomeTheDuesRequestBodies() throws {
        let (save, sp) = try XCTUnwrap(resolve("POST", "/api/v1/dues/branches/001001001/months/2026-05/standards"))
        let body = #"{"items":[{"memberId":"m-1","kind":"employed","baseFen":500001}]}"#
        let saved = try RequestInput.build(route: save, pathParameters: sp, query: [], body: Array(body.utf8)).get()
        let decoded = try JSONDecoder().decode(SaveStandardsRequest.self, from: JSONEncoder().encode(saved))
        XCTAssertEqual(decoded, SaveStandardsRequest(orgCode: "001001001", month: "2026-05",
                                                     items: [StandardInput(memberId: "m-1", kind: .employed, baseFen: 500_001)]))

        let (records, rp) = try XCTUnwrap(resolve("GET", "/api/v1/dues/records"))
        let query = try RequestInput.build(route: records, pathParameters: rp,
                                           query: [("orgCode", "001"), ("paid", "false"), ("limit", "20")], body: []).get()
        XCTAssertEqual(try JSONDecoder().decode(RecordQuery.self, from: JSONEncoder().encode(query)),
                       RecordQuery(orgCode: "001", month: nil, paid: false, limit: 20))

        let (export, ep) = try XCTUnwrap(resolve("GET", "/api/v1/dues/exports/branch-month"))
        guard case .failure(let missing) = RequestInput.build(route: export, pathParameters: ep, query: [("orgCode", "001001001"), ("month", "2026-05")], body: []) else {
            return XCTFail("format is required")
        }
        XCTAssertEqual(missing.details, ["field": "query.format", "reason": "missing"])
        guard case .failure(let pdf) = RequestInput.build(route: export, pathParameters: ep,
                                                          query: [("orgCode", "1"), ("month", "2026-05"), ("format", "pdf")], body: []) else {
            return XCTFail("only csv and xlsx")
        }
        XCTAssertEqual(pdf.details["reason"], "invalid_value")

        // Money never negative in a request; the schema refuses before dues sees it.
        let (cash, cp) = try XCTUnwrap(resolve("POST", "/api/v1/dues/cash-records"))
        guard case .failure(let negative) = RequestInput.build(route: cash, pathParameters: cp, query: [],
                                                               body: Array(#"{"memberId":"m","months":["2026-05"],"amountFen":-1}"#.utf8)) else {
            return XCTFail("negative cash accepted")
        }
        XCTAssertEqual(negative.details, ["field": "body.amountFen", "reason": "invalid_value"])
    }

    /// An operation whose body is optional takes none, or JSON — not whitespace alone (schemathesis found it).
    func testOptionalBodyIsAbsentOrJSON() throws {
        let (open, op) = try XCTUnwrap(resolve("POST", "/api/v1/dues/months/open"))
        XCTAssertEqual(try RequestInput.build(route: open, pathParameters: op, query: [], body: []).get(), [:])
        XCTAssertEqual(try RequestInput.build(route: open, pathParameters: op, query: [], body: Array(#" {"month":"2026-05"} "#.utf8)).get(),
                       ["month": "2026-05"])
        guard case .failure(let blank) = RequestInput.build(route: open, pathParameters: op, query: [], body: Array("\t".utf8)) else {
            return XCTFail("whitespace is not a JSON body")
        }
        XCTAssertEqual(blank.details, ["field": "$", "reason": "not_json"])
    }

    /// An export's bus reply becomes the file itself with its media type and a UTF-8 attachment name.
    func testExportRepliesBecomeFiles() throws {
        let (route, _) = try XCTUnwrap(resolve("GET", "/api/v1/dues/exports/branch-month"))
        let csv = Data("\u{FEFF}党组织,第一党支部\r\n".utf8)
        let reply = try JSONValue(encoding: ExportReply(fileName: "党费交纳情况_第一党支部_2026-05.csv",
                                                        contentType: "text/csv; charset=utf-8",
                                                        contentBase64: csv.base64EncodedString(), rows: 0))
        let form = try XCTUnwrap(route.raw?.response)
        let file = try FileReply.make(reply, form: form).get()
        XCTAssertEqual(file.bytes, Array(csv))
        XCTAssertEqual(file.contentType, "text/csv; charset=utf-8")
        XCTAssertEqual(file.contentDisposition,
                       "attachment; filename=\"_____________2026-05.csv\"; filename*=UTF-8''"
                       + "%E5%85%9A%E8%B4%B9%E4%BA%A4%E7%BA%B3%E6%83%85%E5%86%B5_%E7%AC%AC%E4%B8%80%E5%85%9A%E6%94%AF%E9%83%A8_2026-05.csv")
        let encoded = try XCTUnwrap(file.contentDisposition.components(separatedBy: "UTF-8''").last)
        XCTAssertEqual(encoded.removingPercentEncoding, "党费交纳情况_第一党支部_2026-05.csv")

        let xlsxBytes = Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF])
        let xlsx = try FileReply.make(try JSONValue(encoding: ExportReply(
            fileName: "a \"b\".xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            contentBase64: xlsxBytes.base64EncodedString(), rows: 3)), form: form).get()
        XCTAssertEqual(xlsx.bytes, Array(xlsxBytes))
        XCTAssertEqual(xlsx.contentDisposition, "attachment; filename=\"a _b_.xlsx\"; filename*=UTF-8''a%20%22b%22.xlsx")

        // A media type the document does not promise, or no file at all: an internal error, never a wrong download.
        let html = try JSONValue(encoding: ExportReply(fileName: "x.html", contentType: "text/html", contentBase64: "", rows: 0))
        guard case .failure(let undocumented) = FileReply.make(html, form: form) else { return XCTFail() }
        XCTAssertEqual(undocumented.code, "internal")
        guard case .failure(let malformed) = FileReply.make(["fileName": "x.csv"], form: form) else { return XCTFail() }
        XCTAssertEqual(malformed.details["reason"], "file_reply_malformed")
        guard case .failure = FileReply.make(reply, form: .json) else { return XCTFail() }

        // Through the route's exchange: the file with its headers.
        let served = try XCTUnwrap(route.raw?.responseBody(for: reply)).get()
        XCTAssertEqual(served.bytes, Array(csv))
        XCTAssertEqual(served.contentType, "text/csv; charset=utf-8")
        XCTAssertEqual(served.disposition, file.contentDisposition)
    }

    /// The document says exports are files (one content entry per media type), not JSON.
    func testExportsAreDocumentedAsFiles() throws {
        let document = OpenAPI.document(table)
        let op = try XCTUnwrap(document["paths"]?["/api/v1/dues/exports/unpaid"]?["get"])
        XCTAssertEqual(op["x-bus-type"], .string(DuesAPI.exportUnpaid.type))
        XCTAssertNil(op["responses"]?["200"]?["content"]?["application/json"])
        XCTAssertNotNil(op["responses"]?["200"]?["content"]?["text/csv"])
        XCTAssertNotNil(op["responses"]?["200"]?["content"]?["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
        let json = try XCTUnwrap(document["paths"]?["/api/v1/dues/unpaid"]?["get"]?["responses"]?["200"]?["content"]?["application/json"])
        XCTAssertEqual(json["schema"], TypeSchema.of(DuesRecordPage.self), "the reply type's derived schema")
    }

    /// Dues codes: state conflicts 409, rule refusals 422, the families for the rest.
    func testDuesCodesMapToTheirStatuses() {
        let expected: [String: Int] = [
            "dues.forbidden": 403,
            "dues.org_not_found": 404, "dues.member_not_found": 404, "dues.proxy_not_found": 404,
            "dues.proposal_not_found": 404, "dues.payment_not_found": 404,
            "dues.already_submitted": 409, "dues.already_paid": 409, "dues.not_pending": 409, "dues.locked": 409,
            "dues.approval_pending": 409, "dues.standards_not_submitted": 409, "dues.month_not_open": 409,
            "dues.payment_conflict": 409, "dues.payment_closed": 409, "dues.reservation_expired": 409,
            "dues.window_not_open": 422, "dues.months_invalid": 422, "dues.backpay_too_old": 422,
            "dues.amount_mismatch": 422, "dues.amount_invalid": 422, "dues.base_required": 422,
            "dues.standard_missing": 422, "dues.month_invalid": 422, "dues.not_a_branch": 422,
            "dues.member_not_in_branch": 422, "dues.not_authorised_proxy": 422, "dues.proxy_invalid": 422,
            "dues.nothing_due": 422, "identity.realname_required": 403,
        ]
        for (code, status) in expected {
            XCTAssertEqual(ErrorStatus.status(for: code), status, code)
        }
    }
}
