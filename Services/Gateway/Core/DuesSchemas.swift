import Schema

/// JSON Schemas of the dues bodies, written from the Codable types in `Shared/Schema/Dues`
/// (optional Swift properties are left out when absent, so they are not `required`).
/// Money is always an integer number of fen (分, ¥0.01); months are "yyyy-MM".
public enum DuesSchemas {
    public typealias S = JSONSchema

    // MARK: Vocabulary

    static func fen(_ what: String) -> S {
        S(["type": "integer", "description": .string("\(what)，整数，单位：分（1 元 = 100 分）")])
    }
    /// A fen amount in a request: never negative.
    static func fenInput(_ what: String, maximum: Int64 = 100_000_000_00) -> S {
        var s = S.integer(minimum: 0, maximum: maximum)
        s.json["description"] = .string("\(what)，整数，单位：分（1 元 = 100 分）")
        return s
    }
    public static let month = S.string(description: "月份，yyyy-MM，如 2026-05")
    public static let standardKind = S.enum(StandardKind.allCases.map(\.rawValue),
                                            description: "employed 在职、retired 离退休、farmer 农民、student 学生、unemployed 下岗失业、minimum_allowance 低保、manual 手动录入、exempt 免交")
    public static let approvalState = S.enum(["pending", "approved", "rejected"], description: "减免审批：pending 待审批、approved 已批准、rejected 已驳回")
    public static let branchMonthStatus = S.enum(["draft", "submitted"], description: "draft 草稿（保存草稿）、submitted 已提交并通知交纳")
    public static let monthState = S.enum(["paid", "due", "overdue", "pending", "not_set", "exempt"],
                                          description: "paid 已交、due 应交、overdue 补交（逾期）、pending 待交（未到交纳时间）、not_set 支部未设置、exempt 免交")
    public static let paymentWay = S.enum(["online", "proxy", "cash"], description: "online 本人线上、proxy 他人代交、cash 线下现金")
    public static let paymentStatus = S.enum(["reserved", "confirmed", "released", "expired"])
    public static let proxyStatus = S.enum(["pending", "active", "revoked"], description: "pending 待代交人确认、active 生效、revoked 已撤销")
    public static let exportFormat = S.enum(["csv", "xlsx"], description: "csv（UTF-8，带 BOM）或 xlsx")
    public static let limit = S.integer(minimum: 1, maximum: 500)

    // MARK: Standards

    public static let openMonth = S.object([
        "orgCode": .string(description: "党支部，或（党委管理员）其下所有党支部；缺省为本组织"),
        "month": S.string(description: "缺省为当前交纳期的月份（yyyy-MM）"),
    ])
    public static let openMonthReply = S.record([
        "month": month, "branchesOpened": .integer(), "standardsCarried": .integer(), "membersFlagged": .integer(),
    ])
    public static let standardInput = S.object([
        "memberId": .string,
        "kind": standardKind,
        "baseFen": fenInput("党费基数（在职为税后工资、离退休为养老金；手动录入时可选）"),
        "amountFen": fenInput("月交金额（农民、手动录入）"),
        "note": .string,
    ], required: ["memberId", "kind"])
    public static let saveStandards = S.object(["items": .array(standardInput)], required: ["items"],
                                               description: "保存草稿：逐人的党费标准")
    public static let standard = S.record([
        "memberId": .string, "memberName": .string, "orgCode": .string, "month": month, "kind": standardKind,
        "baseFen": fen("党费基数"), "rateBasisPoints": S(["type": "integer", "description": "交纳比例，万分之一（150 = 1.5%）"]),
        "amountFen": fen("月交金额"), "approval": approvalState, "note": .string, "paid": .boolean,
    ], optional: ["baseFen", "rateBasisPoints", "approval", "note"])
    public static let branchStandards = S.record([
        "orgCode": .string, "orgName": .string, "month": month, "status": branchMonthStatus, "submittedAt": .dateTime,
        "items": .array(standard), "missingMemberIds": .array(.string), "totalFen": fen("合计"),
    ], optional: ["status", "submittedAt"])
    public static let exemptionList = S.record(["items": .array(standard)])
    public static let reviewExemption = S.object([
        "memberId": .string, "month": month, "approve": .boolean, "reason": .string,
    ], required: ["memberId", "month", "approve"])

    // MARK: Proposals

    public static let proposeAmount = S.object(["amountFen": fenInput("申请的月交金额"), "note": .string], required: ["amountFen"])
    public static let reviewProposal = S.object(["approve": .boolean, "reason": .string], required: ["approve"])
    public static let proposal = S.record([
        "id": .string, "memberId": .string, "memberName": .string, "orgCode": .string, "amountFen": fen("申请的月交金额"),
        "note": .string, "status": approvalState, "submittedAt": .dateTime, "reviewedBy": .string, "reviewedAt": .dateTime,
        "effectiveMonth": month,
    ], optional: ["note", "reviewedBy", "reviewedAt", "effectiveMonth"])
    public static let proposalList = S.record(["items": .array(proposal)])

    // MARK: A member's months, quotes

    public static let monthLine = S.record(["memberId": .string, "month": month, "amountFen": fen("应交金额"), "state": monthState])
    public static let memberMonths = S.record([
        "memberId": .string, "memberName": .string, "openMonth": month, "lines": .array(monthLine),
        "payableMonths": .array(month), "payableTotalFen": fen("现在可交的合计"),
    ])
    public static let quoteRequest = S.object([
        "memberIds": S.array(.string).described("缺省为本人；代交人可列出委托人"),
        "fromMonth": S.string(description: "起始月份（更早的未交月份也会按先后计入）"),
        "toMonth": S.string(description: "截止月份，缺省为当前交纳期的月份"),
    ])
    public static let quote = S.record([
        "totalFen": fen("合计"), "lines": .array(monthLine), "includesEarlierMonths": .boolean,
        "beyondBackpay": .array(monthLine),
    ])

    // MARK: Proxies

    public static let grantProxy = S.object([
        "proxyMemberId": S.string(description: "代交人"),
        "memberIds": S.array(.string).described("被代交的党员：党员本人缺省为自己；管理员可批量委托"),
    ], required: ["proxyMemberId"])
    public static let proxy = S.record([
        "id": .string, "memberId": .string, "memberName": .string, "proxyMemberId": .string, "proxyName": .string,
        "status": proxyStatus, "grantedBy": .string, "createdAt": .dateTime, "confirmedAt": .dateTime, "revokedAt": .dateTime,
    ], optional: ["confirmedAt", "revokedAt"])
    public static let proxyList = S.record(["items": .array(proxy)])
    public static let proxyCandidates = S.record(["items": .array(S.record([
        "memberId": .string, "memberName": .string, "orgCode": .string, "selectable": .boolean,
        "payableTotalFen": fen("可代交的合计"),
    ]))])

    // MARK: Cash

    public static let cashRecord = S.object([
        "recordId": S.string(description: "记录编号（幂等键），缺省为请求编号"),
        "memberId": .string,
        "months": S.array(month).described("按先后，从最早未交月份起逐月连续"),
        "amountFen": fenInput("收到的现金"),
        "receivedAt": S.string(format: "date-time", description: "收款时间（RFC 3339），缺省为现在"),
        "note": .string,
    ], required: ["memberId", "months", "amountFen"])
    public static let paymentLine = S.record([
        "memberId": .string, "memberName": .string, "orgCode": .string, "month": month, "amountFen": fen("金额"),
    ])
    public static let payment = S.record([
        "paymentId": .string, "status": paymentStatus, "way": paymentWay, "payerMemberId": .string, "recordedBy": .string,
        "lines": .array(paymentLine), "totalFen": fen("合计"), "expiresAt": .dateTime, "paidAt": .dateTime,
    ], optional: ["payerMemberId", "recordedBy", "expiresAt", "paidAt"])

    // MARK: Queries

    public static let record = S.record([
        "memberId": .string, "memberName": .string, "orgCode": .string, "orgName": .string, "month": month,
        "amountFen": fen("应交金额"), "paid": .boolean, "paidAt": .dateTime, "way": paymentWay,
        "paidBy": S.string(description: "交纳人姓名，或记录现金的管理员账号"), "paymentId": .string,
        "arrearsMonths": S(["type": "integer", "description": "此前连续未交月数"]),
    ], optional: ["paidAt", "way", "paidBy", "paymentId"])
    public static let recordPage = S.record(["items": .array(record), "total": .integer(), "offset": .integer(), "limit": .integer()])
    public static let rate = S.record([
        "orgCode": .string, "orgName": .string, "dueMembers": .integer(), "paidMembers": .integer(),
        "dueFen": fen("应交合计"), "paidFen": fen("已交合计"),
        "rateBasisPoints": S(["type": "integer", "description": "收缴率（按人数），万分之一（10000 = 100%）"]),
    ])
    public static let collectionRate = S.record(["month": month, "total": rate, "children": .array(rate)])

    /// What an export serves: the file itself.
    public static let file = S(["type": "string", "description": "文件内容：CSV 为带 BOM 的 UTF-8 文本；XLSX 为 Office Open XML 工作簿"])
}

extension JSONSchema {
    /// The same schema with a description (used by every service's schemas).
    func described(_ description: String) -> JSONSchema {
        var copy = self
        copy.json["description"] = .string(description)
        return copy
    }
}
