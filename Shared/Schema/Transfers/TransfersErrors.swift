/// Error codes of the transfers service. `details["field"]` names the request field at fault.
extension ErrorCode {
    public static let transfersForbidden = define("transfers.forbidden", "无权查看或办理该转接", status: 403)
    public static let transfersNotFound = define("transfers.not_found", "转接记录不存在", status: 404)
    public static let transfersKindInvalid = define("transfers.kind_invalid", "转接类型无效")
    public static let transfersMemberNotFound = define("transfers.member_not_found", "党员不存在或不在本组织范围内", status: 404)
    public static let transfersMemberNotActive = define("transfers.member_not_active", "该党员不是在册党员，不能办理转接", status: 409)
    /// A member has at most one open transfer.
    public static let transfersAlreadyOpen = define("transfers.already_open", "该党员已有正在办理的组织关系转接", status: 409)
    /// The receiving branch: unknown, dissolved, not a 党支部, or not where this kind may go.
    public static let transfersTargetInvalid = define("transfers.target_invalid", "请从下拉列表中选择拟转入的党支部")
    public static let transfersTargetSame = define("transfers.target_same", "拟转入党支部与现所在党支部相同")
    /// within_unit: the receiving branch must be under the same committee.
    public static let transfersTargetOutsideUnit = define("transfers.target_outside_unit", "单位内部调整只能转至本单位（同一党委）的党支部")
    public static let transfersExternalRequired = define("transfers.external_required", "请填写介绍信接受地党组织、拟转入党组织和单位")
    public static let transfersReasonInvalid = define("transfers.reason_invalid", "请填写转接原因（2–200 字）")
    public static let transfersCommentRequired = define("transfers.comment_required", "退回修改时请填写理由")
    /// The actor's organization is not the one whose turn it is (the wrong level approving).
    public static let transfersNotYourStep = define("transfers.not_your_step", "当前环节不由贵组织办理", status: 403)
    /// 划拨 belongs to committees (a branch tried it), and only at the assign step.
    public static let transfersNotACommittee = define("transfers.not_a_committee", "只有党委、党工委可以划拨党员", status: 403)
    /// The act does not fit where the transfer stands (approving a completed one, withdrawing an approved one…).
    public static let transfersStatusInvalid = define("transfers.status_invalid", "该转接当前状态下不能进行此操作", status: 409)
    public static let transfersRevokeNotAllowed = define("transfers.revoke_not_allowed", "只有审批通过该转接的党委可以撤销", status: 403)
    public static let transfersLetterNotFound = define("transfers.letter_not_found", "该转接没有介绍信", status: 404)
    /// Seed 003: one colour print; then a committee voids it and issues a new one.
    public static let transfersLetterPrinted = define(
        "transfers.letter_printed", "介绍信只能打印一次，如需再次打印请联系党委管理员作废后重新开具", status: 409)
    public static let transfersLetterVoided = define("transfers.letter_voided", "该介绍信已作废", status: 409)
    public static let transfersReceiptTypeInvalid = define("transfers.receipt_type_invalid", "回执只能上传 JPG、PNG 图片或 PDF 文件", status: 415)
    public static let transfersReceiptTooLarge = define("transfers.receipt_too_large", "回执文件过大", status: 413)
    public static let transfersReceiptNotFound = define("transfers.receipt_not_found", "尚未上传回执", status: 404)
    public static let transfersReceiptDone = define("transfers.receipt_done", "回执已收到", status: 409)
    public static let transfersApplicantInvalid = define("transfers.applicant_invalid", "申请人信息填写有误")
    public static let transfersIdNumberInvalid = define("transfers.id_number_invalid", "身份证号码无效")
    public static let transfersPhoneInvalid = define("transfers.phone_invalid", "手机号码无效")
    public static let transfersDateInvalid = define("transfers.date_invalid", "日期格式应为 yyyy-MM-dd")
    /// An inbound applicant who is already a member here (their ID number is on record).
    public static let transfersAlreadyMember = define("transfers.already_member", "该身份证号已是本市在册党员，请办理市内转接", status: 409)
    public static let transfersQueryInvalid = define("transfers.query_invalid", "查询条件无效")
    public static let transfersLetterheadInvalid = define("transfers.letterhead_invalid", "发函单位信息填写有误")
}
