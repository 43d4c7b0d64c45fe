/// Error codes of the meetings service. `details["field"]` names the request field at fault.
extension ErrorCode {
    public static let meetingsForbidden = define("meetings.forbidden", "无权查看或管理该会议", status: 403)
    public static let meetingsNotFound = define("meetings.not_found", "会议不存在", status: 404)
    public static let meetingsOrgInvalid = define("meetings.org_invalid", "请选择本组织或下级党组织")
    public static let meetingsKindInvalid = define("meetings.kind_invalid", "会议类型无效")
    public static let meetingsNameInvalid = define("meetings.name_invalid", "请填写会议名称（2–60 字）")
    public static let meetingsTopicInvalid = define("meetings.topic_invalid", "请填写会议主题（2–500 字）")
    public static let meetingsPlaceRequired = define("meetings.place_required", "线下会议请填写会议地点")
    public static let meetingsTimeInvalid = define("meetings.time_invalid", "结束时间须晚于开始时间，且会议不超过 24 小时")
    public static let meetingsInviteesInvalid = define("meetings.invitees_invalid", "请选择本组织范围内的在册党员参加会议")
    public static let meetingsTooManyInvitees = define("meetings.too_many_invitees", "邀请人数超过上限")
    /// The asking member was not invited to this meeting.
    public static let meetingsNotInvited = define("meetings.not_invited", "您不在本次会议的参会人员名单中", status: 403)
    public static let meetingsReasonRequired = define("meetings.reason_required", "请假请填写原因（2–200 字）")
    /// Replies close when the meeting starts.
    public static let meetingsReplyClosed = define("meetings.reply_closed", "会议已开始，不能再报名或请假", status: 409)
    public static let meetingsTokenInvalid = define("meetings.token_invalid", "签到二维码无效，请扫描本次会议的签到二维码", status: 403)
    public static let meetingsTokenExpired = define("meetings.token_expired", "签到二维码已过期", status: 403)
    /// The scan (or 参加) came outside the meeting's check-in window.
    public static let meetingsCheckInClosed = define("meetings.check_in_closed", "不在会议签到时间内", status: 409)
    public static let meetingsAlreadyCheckedIn = define("meetings.already_checked_in", "您已签到，无需重复签到", status: 409)
    /// QR check-in is for offline meetings; 参加 for online ones.
    public static let meetingsModeMismatch = define("meetings.mode_mismatch", "该会议不支持此签到方式", status: 409)
    /// Topics belong to online meetings.
    public static let meetingsNotOnline = define("meetings.not_online", "只有线上会议可以设置议题", status: 409)
    public static let meetingsTopicTitleInvalid = define("meetings.topic_title_invalid", "请填写议题（2–100 字）")
    public static let meetingsTopicNotFound = define("meetings.topic_not_found", "议题不存在", status: 404)
    public static let meetingsTopicClosed = define("meetings.topic_closed", "该议题表决已结束", status: 409)
    /// 预备党员, members not invited or not 参加: no vote.
    public static let meetingsNotEntitled = define("meetings.not_entitled", "您没有该议题的表决权（预备党员无表决权，须先参加会议）", status: 403)
    public static let meetingsAlreadyVoted = define("meetings.already_voted", "您已投票，不能重复投票", status: 409)
    public static let meetingsCommentInvalid = define("meetings.comment_invalid", "请填写意见（1–500 字）")
    public static let meetingsMinutesInvalid = define("meetings.minutes_invalid", "请填写会议记录（2–10000 字）")
    /// 会后补录 is for a meeting that has started.
    public static let meetingsNotStarted = define("meetings.not_started", "会议尚未召开，不能补录", status: 409)
    public static let meetingsPhotoTypeInvalid = define("meetings.photo_type_invalid", "只能上传 JPG、PNG 图片", status: 415)
    public static let meetingsPhotoTooLarge = define("meetings.photo_too_large", "图片文件过大", status: 413)
    public static let meetingsTooManyPhotos = define("meetings.too_many_photos", "每次会议最多上传 9 张图片", status: 409)
    public static let meetingsPhotoNotFound = define("meetings.photo_not_found", "图片不存在", status: 404)
    /// 三务公开 belongs to village and community branches, and only their members see it.
    public static let meetingsNotVillage = define("meetings.not_village", "三务公开仅限村、社区党组织及其党员", status: 403)
    public static let meetingsAffairsInvalid = define("meetings.affairs_invalid", "请填写公开标题（2–60 字）和内容（2–5000 字）")
    public static let meetingsAffairsNotFound = define("meetings.affairs_not_found", "公开内容不存在", status: 404)
    public static let meetingsCareMemberInvalid = define("meetings.care_member_invalid", "请选择本组织的在册党员", status: 404)
    public static let meetingsCareInvalid = define("meetings.care_invalid", "请填写关爱内容或原因（2–500 字）")
    public static let meetingsDateInvalid = define("meetings.date_invalid", "日期格式应为 yyyy-MM-dd")
    public static let meetingsCareNotFound = define("meetings.care_not_found", "关爱申请不存在", status: 404)
    /// Only the organization above the branch decides and handles.
    public static let meetingsCareNotYours = define("meetings.care_not_yours", "该关爱申请由上级党组织审批办理", status: 403)
    public static let meetingsCareStatusInvalid = define("meetings.care_status_invalid", "该关爱申请当前状态下不能进行此操作", status: 409)
    public static let meetingsQueryInvalid = define("meetings.query_invalid", "查询条件无效")
}
