import Documents
import Foundation
import GRDB
import Schema

/// A table to export: header rows (organization, period), the column names, the data rows.
public struct ExportTable: Sendable, Equatable {
    public var title: [[String]]
    public var columns: [String]
    public var rows: [[String]]
}

/// Exports for public posting (a branch's month) and in place of a dues book (a member's history),
/// as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese) or XLSX (libxlsxwriter).
public enum Exports {
    public static func branchMonth(_ db: Database, _ request: ExportBranchMonthRequest, by actor: Actor,
                                   settings: DuesSettings) throws -> ExportReply {
        let month = try Month.parse(request.month, field: "body.month")
        guard let org = try OrgRow.fetch(db, request.orgCode) else {
            throw ErrorBody.make(ErrorCode.duesOrgNotFound, details: ["field": "body.orgCode"])
        }
        guard try Access.isBranch(db, actor, branch: org) || Access.mayManage(db, actor, orgPath: org.path) else {
            throw Access.forbidden(["field": "body.orgCode"])
        }
        let table = try branchMonthTable(db, org: org, month: month, settings: settings)
        return try render(table, name: "党费交纳情况_\(org.name)_\(month)", format: request.format)
    }

    public static func branchMonthTable(_ db: Database, org: OrgRow, month: Month, settings: DuesSettings) throws -> ExportTable {
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(Queries.recordColumns) FROM standard s \(Queries.recordJoins)
            WHERE s.orgCode = ? AND s.month = ? ORDER BY name, s.memberId
            """, arguments: [org.code, month.key]).map(Queries.record)
        let formatter = timeFormatter(settings)
        return ExportTable(
            title: [["党组织", org.name], ["期间", month.chinese]],
            columns: ["序号", "姓名", "月份", "应交金额（元）", "交纳状态", "交纳时间", "交纳方式"],
            rows: rows.enumerated().map { i, r in
                [String(i + 1), r.memberName, r.month, yuan(r.amountFen), status(r), r.paidAt.map(formatter.string) ?? "",
                 r.way?.chineseName ?? ""]
            })
    }

    public static func memberHistory(_ db: Database, _ request: ExportMemberHistoryRequest, by actor: Actor,
                                     settings: DuesSettings) throws -> ExportReply {
        let member = try MemberRow.require(db, request.memberId ?? actor.id)
        try Access.requireMayRead(db, actor, member: member)
        return try render(try memberHistoryTable(db, member: member, settings: settings),
                          name: "党费交纳记录_\(member.name)", format: request.format)
    }

    static func memberHistoryTable(_ db: Database, member: MemberRow, settings: DuesSettings) throws -> ExportTable {
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(Queries.recordColumns) FROM standard s \(Queries.recordJoins) WHERE s.memberId = ? ORDER BY s.month
            """, arguments: [member.id]).map(Queries.record)
        let orgName = try OrgRow.fetch(db, member.orgCode)?.name ?? member.orgCode
        let period = rows.isEmpty ? "" : "\(Month(rows.first!.month)!.chinese)至\(Month(rows.last!.month)!.chinese)"
        let formatter = timeFormatter(settings)
        return ExportTable(
            title: [["党组织", orgName], ["党员", member.name], ["期间", period]],
            columns: ["月份", "所在党支部", "应交金额（元）", "交纳状态", "交纳时间", "交纳方式", "交纳人"],
            rows: rows.map { r in
                [r.month, r.orgName, yuan(r.amountFen), status(r), r.paidAt.map(formatter.string) ?? "",
                 r.way?.chineseName ?? "", r.paidBy ?? ""]
            })
    }

    public static func unpaid(_ db: Database, _ request: ExportUnpaidRequest, by actor: Actor, settings: DuesSettings,
                              now: Date) throws -> ExportReply {
        let org = try Access.administeredOrg(db, actor, code: request.orgCode)
        let month = try request.month.map { m throws(ErrorBody) in try Month.parse(m, field: "body.month") }
            ?? PayingCalendar(settings: settings).openMonth(at: now)
        return try render(try unpaidTable(db, org: org, month: month), name: "未交党费党员名单_\(org.name)_\(month)", format: request.format)
    }

    /// An organization's unpaid list for a month, whole.
    public static func unpaidTable(_ db: Database, orgCode: String, month: Month) throws -> ExportTable {
        guard let org = try OrgRow.fetch(db, orgCode) else { throw ErrorBody.make(ErrorCode.duesOrgNotFound) }
        return try unpaidTable(db, org: org, month: month)
    }

    static func unpaidTable(_ db: Database, org: OrgRow, month: Month) throws -> ExportTable {
        let rows = try Queries.allUnpaid(db, org: org, month: month)
        return ExportTable(
            title: [["党组织", org.name], ["期间", month.chinese]],
            columns: ["序号", "姓名", "党支部", "月份", "应交金额（元）", "连续未交月数"],
            rows: rows.enumerated().map { i, r in
                [String(i + 1), r.memberName, r.orgName, r.month, yuan(r.amountFen), String(r.arrearsMonths)]
            })
    }

    static func status(_ r: DuesRecord) -> String {
        r.paid ? "已交" : (r.amountFen == 0 ? "免交" : "未交")
    }

    /// 3001 → "30.01" (integer arithmetic).
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let a = fen.magnitude
        let cents = a % 100
        return "\(sign)\(a / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    static func timeFormatter(_ settings: DuesSettings) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: settings.timeZone)
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }

    public static func render(_ table: ExportTable, name: String, format: ExportFormat) throws -> ExportReply {
        switch format {
        case .csv:
            return ExportReply(fileName: name + ".csv", contentType: "text/csv; charset=utf-8",
                               contentBase64: csv(table).base64EncodedString(), rows: table.rows.count)
        case .xlsx:
            return ExportReply(fileName: name + ".xlsx",
                               contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               contentBase64: try xlsx(table).base64EncodedString(), rows: table.rows.count)
        }
    }

    public static func csv(_ table: ExportTable) -> Data {
        var out = "\u{FEFF}"
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        for line in table.title + [table.columns] + table.rows {
            out += line.map(field).joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }

    /// The table as one worksheet (libxlsxwriter, through Documents).
    public static func xlsx(_ table: ExportTable) throws -> Data {
        do {
            return try XLSXSheet.write(sheetName: "党费", rows: table.title + [table.columns] + table.rows)
        } catch {
            throw ErrorBody.make(ErrorCode.internal, details: ["reason": "xlsx"])
        }
    }
}
