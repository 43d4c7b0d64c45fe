import Dues
import Foundation
import GRDB
import Schema
import XCTest

/// Reads an exported file back: CSV by lines, XLSX by unzipping sheet1.xml and the shared strings.
enum ExportReader {
    static func rows(_ reply: ExportReply) throws -> [[String]] {
        let data = try XCTUnwrap(Data(base64Encoded: reply.contentBase64))
        if reply.fileName.hasSuffix(".csv") { return csv(data) }
        return try xlsx(data)
    }

    static func csv(_ data: Data) -> [[String]] {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { line in
            var fields: [String] = [], current = "", quoted = false
            var chars = Array(line)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" { if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false } }
                    else { current.append(c) }
                } else if c == "\"" { quoted = true }
                else if c == "," { fields.append(current); current = "" }
                else { current.append(c) }
            }
            fields.append(current)
            return fields
        }
    }

    static func unzip(_ file: URL, _ member: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-p", file.path, member]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func xlsx(_ data: Data) throws -> [[String]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("read-\(UUID().uuidString).xlsx")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(Array(data.prefix(2)), [0x50, 0x4B], "a zip file")
        let shared = try unzip(file, "xl/sharedStrings.xml")
        let strings = matches(shared, #"<si>.*?</si>"#).map { si in matches(si, #"<t[^>]*>(.*?)</t>"#, group: 1).map(unescape).joined() }
        let sheet = try unzip(file, "xl/worksheets/sheet1.xml")
        return matches(sheet, #"<row[^>]*>.*?</row>"#).map { row -> [String] in
            var out: [String] = []
            for cell in matches(row, #"<c [^>]*?(?:/>|>.*?</c>)"#) {
                let ref = matches(cell, #"r="([A-Z]+)\d+""#, group: 1).first ?? "A"
                let col = ref.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
                while out.count < col { out.append("") }
                if cell.contains(#"t="s""#), let i = matches(cell, #"<v>(\d+)</v>"#, group: 1).first.flatMap(Int.init) {
                    out.append(strings[i])
                } else if let inline = matches(cell, #"<t[^>]*>(.*?)</t>"#, group: 1).first {
                    out.append(unescape(inline))
                } else {
                    out.append(matches(cell, #"<v>(.*?)</v>"#, group: 1).first ?? "")
                }
            }
            return out
        }
    }

    static func matches(_ text: String, _ pattern: String, group: Int = 0) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: group)) }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}

final class QueryExportTests: XCTestCase {
    var f: DuesFixture!
    override func setUp() async throws { f = try DuesFixture() }
    let nov = DuesFixture.at(2026, 11, 20)

    /// November submitted in A (a2 ¥75.00 farmer-free employed, others ¥15) and B (¥30); a1 and b2 pay.
    func november() throws {
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a3", "a4"], base: 300_000)
                           + f.employed(["a2"], base: 500_001), at: DuesFixture.at(2026, 11, 16))
        try f.setAndSubmit(DuesFixture.branchB, "2026-11", f.employed(["b1", "b2", "b3"], base: 300_001), at: DuesFixture.at(2026, 11, 16))
        let s = f.settings, now = nov
        _ = try f.write { db in
            try Paying.recordCash(db, CashRecordRequest(memberId: "a1", months: ["2026-11"], amountFen: 1_500), by: self.f.adminA, settings: s, now: now)
        }
        _ = try f.write { db in
            try Paying.reserve(db, ReservePaymentRequest(paymentId: "p-b2", items: [PaymentItem(memberId: "b2", months: ["2026-11"])], amountFen: 3_000),
                               by: self.f.member("b2"), settings: s, now: now)
        }
        _ = try f.write { db in try Paying.confirm(db, PaymentRef(paymentId: "p-b2"), by: self.f.payments, now: now) }
    }

    func testUnpaidListIsScopedAndPaged() throws {
        try november()
        let s = f.settings, now = nov
        let page1 = try f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.works, limit: 3), by: self.f.worksAdmin, settings: s, now: now) }
        XCTAssertEqual(page1.total, 5)
        XCTAssertEqual(page1.items.map(\.memberId), ["a2", "a3", "a4"])
        let page2 = try f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.works, offset: 3, limit: 3), by: self.f.worksAdmin, settings: s, now: now) }
        XCTAssertEqual(page2.items.map(\.memberId), ["b1", "b3"])
        XCTAssertEqual(page1.items[0].amountFen, 7_500)
        XCTAssertEqual(page1.items[0].orgName, "第一党支部")
        // An administrator sees their subtree only; members see no lists.
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.works), by: self.f.adminA, settings: s, now: now) })
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.branchA), by: self.f.member("a1"), settings: s, now: now) })
        let own = try f.read { db in try Queries.unpaid(db, UnpaidQuery(), by: self.f.adminA, settings: s, now: now) }
        XCTAssertEqual(own.items.map(\.memberId), ["a2", "a3", "a4"])
    }

    func testRecordFiltersAndCollectionRateRolledUp() throws {
        try november()
        let s = f.settings, now = nov
        let paid = try f.read { db in try Queries.records(db, RecordQuery(orgCode: DuesFixture.root, month: "2026-11", paid: true), by: self.f.city) }
        XCTAssertEqual(paid.items.map(\.memberId), ["a1", "b2"])
        XCTAssertEqual(paid.items.map(\.way), [.cash, .online])
        let byName = try f.read { db in try Queries.records(db, RecordQuery(orgCode: DuesFixture.root, memberName: "杨"), by: self.f.city) }
        XCTAssertEqual(byName.items.map(\.memberId), ["b2"])
        let unpaidA = try f.read { db in try Queries.records(db, RecordQuery(orgCode: DuesFixture.branchA, paid: false), by: self.f.adminA) }
        XCTAssertEqual(unpaidA.total, 3)

        let rate = try f.read { db in try Queries.collectionRate(db, CollectionRateQuery(orgCode: DuesFixture.root), by: self.f.city, settings: s, now: now) }
        XCTAssertEqual(rate.month, "2026-11")
        XCTAssertEqual(rate.total.dueMembers, 7)
        XCTAssertEqual(rate.total.paidMembers, 2)
        XCTAssertEqual(rate.total.dueFen, 1_500 * 3 + 7_500 + 3_000 * 3)
        XCTAssertEqual(rate.total.paidFen, 4_500)
        XCTAssertEqual(rate.total.rateBasisPoints, 2 * 10_000 / 7)
        XCTAssertEqual(rate.children.map(\.orgCode), [DuesFixture.works, DuesFixture.general])
        XCTAssertEqual(rate.children[0].dueMembers, 7, "the working committee rolls up both branches")
        XCTAssertEqual(rate.children[1].dueMembers, 0, "branch C has not submitted")
        let works = try f.read { db in try Queries.collectionRate(db, CollectionRateQuery(orgCode: DuesFixture.works), by: self.f.worksAdmin, settings: s, now: now) }
        XCTAssertEqual(works.children.map(\.rateBasisPoints), [2_500, 3_333])
    }

    func testBranchMonthExportAsCSVAndXLSXHoldsTheRightRows() throws {
        try november()
        let s = f.settings
        for format in [ExportFormat.csv, .xlsx] {
            let reply = try f.read { db in
                try Exports.branchMonth(db, ExportBranchMonthRequest(orgCode: DuesFixture.branchA, month: "2026-11", format: format), by: self.f.adminA, settings: s)
            }
            XCTAssertEqual(reply.rows, 4)
            let rows = try ExportReader.rows(reply)
            XCTAssertEqual(rows[0], ["党组织", "第一党支部"], "\(format)")
            XCTAssertEqual(rows[1], ["期间", "2026年11月"], "\(format)")
            XCTAssertEqual(rows[2], ["序号", "姓名", "月份", "应交金额（元）", "交纳状态", "交纳时间", "交纳方式"])
            let data = Array(rows.dropFirst(3))
            XCTAssertEqual(data.count, 4)
            let byName = Dictionary(uniqueKeysWithValues: data.map { ($0[1], $0) })
            XCTAssertEqual(byName["王建国"]?[3], "15.00")
            XCTAssertEqual(byName["王建国"]?[4], "已交")
            XCTAssertEqual(byName["王建国"]?[5], "2026-11-20 10:00")
            XCTAssertEqual(byName["王建国"]?[6], "线下现金交纳")
            XCTAssertEqual(byName["李秀英"]?[3], "75.00")
            XCTAssertEqual(byName["李秀英"]?[4], "未交")
            XCTAssertEqual(Set(data.map { $0[2] }), ["2026-11"])
        }
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.read { db in
            try Exports.branchMonth(db, ExportBranchMonthRequest(orgCode: DuesFixture.branchA, month: "2026-11", format: .csv), by: self.f.adminB, settings: s)
        })
    }

    func testUnpaidListExport() throws {
        try november()
        let s = f.settings, now = nov
        let reply = try f.read { db in try Exports.unpaid(db, ExportUnpaidRequest(orgCode: DuesFixture.works, format: .xlsx), by: self.f.worksAdmin, settings: s, now: now) }
        let rows = try ExportReader.rows(reply)
        XCTAssertEqual(rows[0], ["党组织", "市直机关工委"])
        XCTAssertEqual(rows[1], ["期间", "2026年11月"])
        XCTAssertEqual(rows.dropFirst(3).map { $0[1] }, ["李秀英", "张志强", "刘海燕", "陈伟", "赵建国"])
        XCTAssertEqual(rows.dropFirst(3).map { $0[4] }, ["75.00", "15.00", "15.00", "30.00", "30.00"])
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.read { db in
            try Exports.unpaid(db, ExportUnpaidRequest(orgCode: DuesFixture.works, format: .csv), by: self.f.adminA, settings: s, now: now)
        })
    }

    func testMemberHistoryExport() throws {
        try november()
        try f.openAndSubmitAll("2026-12", at: DuesFixture.at(2026, 12, 16), branches: [DuesFixture.branchA, DuesFixture.branchB])
        let s = f.settings
        for format in [ExportFormat.csv, .xlsx] {
            let reply = try f.read { db in try Exports.memberHistory(db, ExportMemberHistoryRequest(format: format), by: self.f.member("b2"), settings: s) }
            let rows = try ExportReader.rows(reply)
            XCTAssertEqual(rows[0], ["党组织", "第二党支部"])
            XCTAssertEqual(rows[1], ["党员", "杨芳"])
            XCTAssertEqual(rows[2], ["期间", "2026年11月至2026年12月"])
            XCTAssertEqual(rows.count, 6)
            XCTAssertEqual(rows[4][0], "2026-11")
            XCTAssertEqual(rows[4][2], "30.00")
            XCTAssertEqual(rows[4][3], "已交")
            XCTAssertEqual(rows[4][5], "本人线上交纳")
            XCTAssertEqual(rows[4][6], "杨芳")
            XCTAssertEqual(rows[5][0], "2026-12")
            XCTAssertEqual(rows[5][3], "未交")
        }
        XCTAssertThrowsCode(ErrorCode.duesForbidden, try self.f.read { db in
            try Exports.memberHistory(db, ExportMemberHistoryRequest(memberId: "b2", format: .csv), by: self.f.member("b3"), settings: s)
        })
    }

    func testTheCopyFollowsOrganizationMovesAndRemovals() throws {
        try november()
        // Branch B moves under the general branch: its paths (and its months) follow.
        try f.apply(IdentityEvent.orgMoved, OrganizationMovedEvent(code: DuesFixture.branchB, name: "第二党支部", type: .branch,
            oldParentCode: DuesFixture.works, newParentCode: DuesFixture.general, oldPath: "/001/001001/001001002/",
            newPath: "/001/001002/001001002/", oldDepth: 3, newDepth: 3, movedCount: 1))
        let s = f.settings, now = nov
        let general = try f.read { db in
            try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.general, month: "2026-11"), by: Actor(kind: .admin, id: "g", orgCode: DuesFixture.general), settings: s, now: now)
        }
        XCTAssertEqual(general.items.map(\.memberId), ["b1", "b3"])
        XCTAssertEqual(try f.read { db in try Queries.unpaid(db, UnpaidQuery(orgCode: DuesFixture.works), by: self.f.worksAdmin, settings: s, now: now) }.total, 3)
        // b3 transferred out in November: December is not owed.
        try f.apply(IdentityEvent.memberRemoved, f.memberEvent("b3", "赵建国", branch: DuesFixture.branchB, status: .transferredOut), at: DuesFixture.at(2026, 11, 28))
        try f.openAndSubmitAll("2026-12", at: DuesFixture.at(2026, 12, 16), branches: [DuesFixture.branchA, DuesFixture.branchB])
        let dec = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchB, month: "2026-12"), by: self.f.adminB) }
        XCTAssertEqual(dec.items.map(\.memberId).sorted(), ["b1", "b2"])
    }
}
