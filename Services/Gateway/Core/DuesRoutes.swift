import Schema

/// The HTTP face of dues (党费). One line per operation. Money is integer fen everywhere.
/// `dues.payment.reserve/confirm/release` are the payments service's, service to service: never routed here.
public enum DuesRoutes {
    public typealias R = GatewayRoute
    typealias P = GatewayRoute.Parameter
    static let S = DuesSchemas.self
    static let branchMonth = "/api/v1/dues/branches/{orgCode}/months/{month}"
    static let exportTypes = ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]

    public static let all: [GatewayRoute] = [
        // MARK: Standards (党费标准：只有党支部设置)
        R.post("/api/v1/dues/months/open", DuesType.monthOpen, "开启月份（沿用上月标准生成本月草稿）", tag: "dues",
               body: S.openMonth, response: S.openMonthReply),
        R.get(branchMonth + "/standards", DuesType.standardsGet, "支部某月党费标准", tag: "dues", response: S.branchStandards),
        R.post(branchMonth + "/standards", DuesType.standardsSave, "保存党费标准草稿", tag: "dues",
               body: S.saveStandards, response: S.branchStandards),
        R.post(branchMonth + "/standards/submit", DuesType.standardsSubmit, "提交并通知交纳", tag: "dues",
               response: S.branchStandards),
        R.get("/api/v1/dues/exemptions/pending", DuesType.exemptionPending, "待审批的减免党费", tag: "dues",
              query: [P("orgCode", .string)], response: S.exemptionList),
        R.post("/api/v1/dues/exemptions/review", DuesType.exemptionReview, "审批减免党费（上级党委）", tag: "dues",
               body: S.reviewExemption, response: S.standard),

        // MARK: Member proposals (党员自报金额)
        R.post("/api/v1/dues/proposals", DuesType.proposalSubmit, "党员申报月交金额", tag: "dues",
               body: S.proposeAmount, response: S.proposal),
        R.get("/api/v1/dues/proposals", DuesType.proposalList, "党费申报列表（支部待审或本人）", tag: "dues",
              query: [P("orgCode", .string)], response: S.proposalList),
        R.post("/api/v1/dues/proposals/{proposalId}/review", DuesType.proposalReview, "审核党员申报的金额", tag: "dues",
               body: S.reviewProposal, response: S.proposal),

        // MARK: A member's dues
        R.get("/api/v1/dues/months", DuesType.memberMonths, "党员逐月党费（已交、应交、补交、待交）", tag: "dues",
              query: [P("memberId", .string, description: "缺省为本人"),
                      P("months", .integer(minimum: 1, maximum: 60), description: "向前月数，缺省 12")],
              response: S.memberMonths),
        R.post("/api/v1/dues/quote", DuesType.quote, "交纳试算（起始月份 → 截止月份 → 合计）", tag: "dues",
               body: S.quoteRequest, response: S.quote),

        // MARK: Proxies (代交)
        R.post("/api/v1/dues/proxies", DuesType.proxyGrant, "委托他人代交党费", tag: "dues", body: S.grantProxy, response: S.proxyList),
        R.get("/api/v1/dues/proxies", DuesType.proxyList, "代交委托列表", tag: "dues",
              query: [P("orgCode", .string, description: "管理员：组织；党员缺省为本人相关的委托")], response: S.proxyList),
        R.get("/api/v1/dues/proxies/candidates", DuesType.proxyCandidates, "可代交的党员", tag: "dues", response: S.proxyCandidates),
        R.post("/api/v1/dues/proxies/{proxyId}/confirm", DuesType.proxyConfirm, "代交人确认委托", tag: "dues", response: S.proxy),
        R.post("/api/v1/dues/proxies/{proxyId}/revoke", DuesType.proxyRevoke, "撤销代交委托", tag: "dues", response: S.proxy),

        // MARK: Cash (线下交纳)
        R.post("/api/v1/dues/cash-records", DuesType.cashRecord, "登记线下现金交纳", tag: "dues", body: S.cashRecord, response: S.payment),

        // MARK: Queries
        R.get("/api/v1/dues/unpaid", DuesType.unpaidList, "未交党费党员名单", tag: "dues",
              query: [P("orgCode", .string), P("month", S.month), P("offset", Schemas.offset), P("limit", S.limit)],
              response: S.recordPage),
        R.get("/api/v1/dues/records", DuesType.recordList, "党费交纳记录查询（组织、月份、是否已交、姓名）", tag: "dues",
              query: [P("orgCode", .string), P("month", S.month), P("paid", .boolean),
                      P("memberName", .string, description: "姓名前缀"), P("offset", Schemas.offset), P("limit", S.limit)],
              response: S.recordPage),
        R.get("/api/v1/dues/history", DuesType.memberHistory, "党员党费交纳记录", tag: "dues",
              query: [P("memberId", .string, description: "缺省为本人"), P("offset", Schemas.offset), P("limit", S.limit)],
              response: S.recordPage),
        R.get("/api/v1/dues/collection-rate", DuesType.collectionRate, "党费收缴率（逐级汇总）", tag: "dues",
              query: [P("orgCode", .string), P("month", S.month)], response: S.collectionRate),

        // MARK: Exports (the file itself)
        R.download("/api/v1/dues/exports/branch-month", DuesType.exportBranchMonth, "导出支部某月党费交纳情况（公示）", tag: "dues",
                   query: [P("orgCode", .string, required: true), P("month", S.month, required: true),
                           P("format", S.exportFormat, required: true)], mediaTypes: exportTypes, response: S.file),
        R.download("/api/v1/dues/exports/member-history", DuesType.exportMemberHistory, "导出党员党费交纳记录", tag: "dues",
                   query: [P("memberId", .string, description: "缺省为本人"), P("format", S.exportFormat, required: true)],
                   mediaTypes: exportTypes, response: S.file),
        R.download("/api/v1/dues/exports/unpaid", DuesType.exportUnpaid, "导出未交党费党员名单", tag: "dues",
                   query: [P("orgCode", .string), P("month", S.month), P("format", S.exportFormat, required: true)],
                   mediaTypes: exportTypes, response: S.file),
    ]
}

extension GatewayRoute {
    /// A GET whose bus reply carries a file (`ExportReply`): served as the file, an attachment.
    public static func download(_ path: String, _ busType: String, _ summary: String, tag: String, auth: Auth = .bearer,
                                query: [Parameter] = [], mediaTypes: [String], response: JSONSchema) -> GatewayRoute {
        GatewayRoute(method: "GET", path: path, summary: summary, tag: tag, target: .bus(busType), auth: auth,
                     query: query, response: response, raw: RawExchange(response: .file(mediaTypes: mediaTypes)))
    }
}
