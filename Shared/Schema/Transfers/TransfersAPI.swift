/// The transfers service's contract (组织关系转接): every operation, declared once. Bodies:
/// TransfersMessages.swift; errors: TransfersErrors.swift; events: TransfersEvents.swift.
public enum TransfersAPI: ServiceContract {
    public static let service = "transfers"
    typealias E = ErrorCode
    static let scope = [E.transfersForbidden, E.transfersNotFound]
    static let target = [E.transfersTargetInvalid, E.transfersTargetSame, E.transfersTargetOutsideUnit,
                         E.transfersExternalRequired, E.transfersReasonInvalid]
    static let applicant = [E.transfersApplicantInvalid, E.transfersIdNumberInvalid, E.transfersPhoneInvalid,
                            E.transfersDateInvalid, E.transfersAlreadyMember, E.transfersTargetInvalid, E.transfersReasonInvalid,
                            E.transfersAlreadyOpen]

    // MARK: Applying (a member for themself, an administrator on a member's behalf)
    public static let apply = BusOperation<ApplyTransferRequest, TransferView>(
        "transfers.apply", .command, callers: .people,
        http: .post("/api/v1/transfers", "申请组织关系转接（市内、转到市外、单位内部调整）", tag: "transfers",
                    notes: ["memberId": "管理员代党员申请时填写；缺省为本人", "toOrgCode": "市内转接、单位内部调整：拟转入党支部（从联想列表选择）",
                            "toOrgTitle": "转到市外：介绍信接受地党组织"]),
        errors: scope + target + [E.transfersKindInvalid, E.transfersMemberNotFound, E.transfersMemberNotActive, E.transfersAlreadyOpen])
    public static let resubmit = BusOperation<ResubmitTransferRequest, TransferView>(
        "transfers.resubmit", .command, callers: .people,
        http: .post("/api/v1/transfers/{transferId}/resubmit", "退回修改后重新提交", tag: "transfers"),
        errors: scope + target + [E.transfersStatusInvalid])
    public static let withdraw = BusOperation<TransferRef, TransferView>(
        "transfers.withdraw", .command, callers: .people,
        http: .post("/api/v1/transfers/{transferId}/withdraw", "撤回转接申请（办结前）", tag: "transfers"),
        errors: scope + [E.transfersStatusInvalid])
    public static let mine = BusOperation<Empty, TransferList>(
        "transfers.mine", .query, callers: .member,
        http: .get("/api/v1/me/transfers", "我的组织关系转接（办理进度）", tag: "transfers"))
    public static let get = BusOperation<TransferRef, TransferView>(
        "transfers.get", .query, callers: .people,
        http: .get("/api/v1/transfers/{transferId}", "转接详情（审批流程与时间线）", tag: "transfers"),
        errors: scope)
    /// Where a transfer may go: branches (or committees) by part of their name or unit.
    public static let targets = BusOperation<TargetSearch, TargetSuggestions>(
        "transfers.targets", .query, callers: .anyone,
        http: HTTPBinding(.GET, "/api/v1/transfers/targets", "拟转入党组织模糊查询（联想）", tag: "transfers", open: true, rateLimit: .login),
        errors: [E.transfersQueryInvalid])

    // MARK: Approving (the organization whose turn it is)
    /// 审核通过 at a review step, 接收 at the confirm step.
    public static let approve = BusOperation<TransferDecision, TransferView>(
        "transfers.approve", .command, callers: .people,
        http: .post("/api/v1/transfers/{transferId}/approve", "审核通过 / 接收确认（当前环节的党组织）", tag: "transfers"),
        errors: scope + [E.transfersNotYourStep, E.transfersStatusInvalid, E.transfersNotACommittee])
    /// 返回修改: back to the applicant with a reason.
    public static let sendBack = BusOperation<TransferDecision, TransferView>(
        "transfers.return", .command, callers: .people,
        http: .post("/api/v1/transfers/{transferId}/return", "退回修改（须填写理由）", tag: "transfers"),
        errors: scope + [E.transfersNotYourStep, E.transfersStatusInvalid, E.transfersCommentRequired])
    /// 划拨 by the receiving committee.
    public static let assign = BusOperation<AssignTransferRequest, TransferView>(
        "transfers.assign", .command, callers: .admin,
        http: .post("/api/v1/transfers/{transferId}/assign", "划拨至党支部（接收党委，可更正党支部）", tag: "transfers"),
        errors: scope + [E.transfersNotYourStep, E.transfersNotACommittee, E.transfersStatusInvalid, E.transfersTargetInvalid])
    /// 撤销 a completed transfer: the member is restored.
    public static let revoke = BusOperation<TransferReasonRequest, TransferView>(
        "transfers.revoke", .command, callers: .admin,
        http: .post("/api/v1/transfers/{transferId}/revoke", "撤销已完成的转接（恢复党员原组织关系）", tag: "transfers"),
        errors: scope + [E.transfersRevokeNotAllowed, E.transfersStatusInvalid, E.transfersReasonInvalid])
    /// 转接记录查询, and 待办 with `waitingForMe`.
    public static let list = BusOperation<TransferListQuery, TransferPage>(
        "transfers.list", .query, callers: .admin,
        http: .get("/api/v1/transfers", "转接记录查询（转入、转出、内部；按类型、状态、日期）", tag: "transfers"),
        errors: [E.transfersForbidden, E.transfersQueryInvalid])

    // MARK: 介绍信 and 回执 (outbound)
    /// The letter as a PDF (存根, 介绍信, 回执联), in colour, once.
    public static let letterPrint = BusOperation<TransferRef, ExportReply>(
        "transfers.letter.print", .command, callers: .people,
        http: HTTPBinding(.POST, "/api/v1/transfers/{transferId}/letter/print", "打印介绍信（PDF，仅限一次）", tag: "transfers",
                          response: .file(mediaTypes: ["application/pdf"])),
        errors: scope + [E.transfersLetterNotFound, E.transfersLetterPrinted, E.transfersLetterVoided])
    /// Void the named letter and issue a new one with a new number (committee administrators).
    public static let letterVoid = BusOperation<VoidLetterRequest, TransferView>(
        "transfers.letter.void", .command, callers: .admin,
        http: .post("/api/v1/transfers/{transferId}/letter/void", "作废介绍信并重新开具（党委）", tag: "transfers"),
        errors: scope + [E.transfersLetterNotFound, E.transfersLetterVoided, E.transfersNotACommittee, E.transfersReasonInvalid])
    public static let receiptUpload = BusOperation<ReceiptUploadRequest, TransferView>(
        "transfers.receipt.upload", .command, callers: .people,
        http: .post("/api/v1/transfers/{transferId}/receipt", "上传介绍信回执（JPG/PNG/PDF）", tag: "transfers",
                    notes: ["contentBase64": "文件内容（base64）"]).bodyLimit(receiptBodyBytes),
        errors: scope + [E.transfersLetterNotFound, E.transfersReceiptTypeInvalid, E.transfersReceiptTooLarge, E.transfersReceiptDone])
    /// The upload's body limit: a 4 MiB file (the service's default `receiptMaxBytes`) as base64 in
    /// JSON (4/3 of it) plus room for the other fields; every other route keeps the gateway's default.
    public static let receiptBodyBytes = 6 << 20
    public static let receiptPosted = BusOperation<TransferDecision, TransferView>(
        "transfers.receipt.posted", .command, callers: .admin,
        http: .post("/api/v1/transfers/{transferId}/receipt/posted", "回执已邮寄收到（登记）", tag: "transfers"),
        errors: scope + [E.transfersLetterNotFound, E.transfersReceiptDone])
    public static let receiptGet = BusOperation<TransferRef, ExportReply>(
        "transfers.receipt.get", .query, callers: .people,
        http: .get("/api/v1/transfers/{transferId}/receipt", "查看已上传的回执", tag: "transfers",
                   response: .file(mediaTypes: ["image/jpeg", "image/png", "application/pdf"])),
        errors: scope + [E.transfersReceiptNotFound])
    public static let letterheadGet = BusOperation<LetterheadRef, Letterhead>(
        "transfers.letterhead.get", .query, callers: .admin,
        http: .get("/api/v1/transfers/letterhead", "发函单位信息（地址、电话、传真、邮编）", tag: "transfers"),
        errors: [E.transfersForbidden])
    public static let letterheadSet = BusOperation<Letterhead, Letterhead>(
        "transfers.letterhead.set", .command, callers: .admin,
        http: .post("/api/v1/transfers/letterhead", "设置发函单位信息（党委）", tag: "transfers"),
        errors: [E.transfersForbidden, E.transfersNotACommittee, E.transfersLetterheadInvalid])

    // MARK: 从市外转入 (no account: the login page's form)
    public static let inboundApply = BusOperation<InboundApplyRequest, InboundApplied>(
        "transfers.inbound.apply", .command, callers: .anyone,
        http: .post("/api/v1/transfers/inbound", "从市外转入：提交转入申请（无需登录）", tag: "transfers", open: true, rateLimit: .login),
        errors: applicant)
    public static let inboundGet = BusOperation<InboundRef, TransferView>(
        "transfers.inbound.get", .query, callers: .anyone,
        http: .post("/api/v1/transfers/inbound/lookup", "查看转入申请进度（申请编号与查询码）", tag: "transfers", open: true,
                    rateLimit: .login),
        errors: [E.transfersNotFound])
    public static let inboundResubmit = BusOperation<InboundResubmitRequest, TransferView>(
        "transfers.inbound.resubmit", .command, callers: .anyone,
        http: .post("/api/v1/transfers/inbound/resubmit", "修改转入申请（退回修改后）", tag: "transfers", open: true, rateLimit: .login),
        errors: applicant + [E.transfersNotFound, E.transfersStatusInvalid])
    public static let inboundWithdraw = BusOperation<InboundRef, TransferView>(
        "transfers.inbound.withdraw", .command, callers: .anyone,
        http: .post("/api/v1/transfers/inbound/withdraw", "撤回转入申请", tag: "transfers", open: true, rateLimit: .login),
        errors: [E.transfersNotFound, E.transfersStatusInvalid])

    public static let operations: [OperationDescriptor] = ([apply, resubmit, withdraw, mine, get, targets, approve, sendBack, assign,
        revoke, list, letterPrint, letterVoid, receiptUpload, receiptPosted, receiptGet, letterheadGet, letterheadSet,
        inboundApply, inboundGet, inboundResubmit, inboundWithdraw] as [any DeclaredOperation])
        .map(\.descriptor)
}
