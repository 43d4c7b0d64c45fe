/// The meetings service's contract (组织生活：三会一课): every operation, declared once. Bodies:
/// MeetingsMessages.swift, TopicMessages.swift; errors: MeetingsErrors.swift; events: MeetingsEvents.swift.
public enum MeetingsAPI: ServiceContract {
    public static let service = "meetings"
    typealias E = ErrorCode
    static let scope = [E.meetingsForbidden, E.meetingsNotFound]
    static let topic = scope + [E.meetingsTopicNotFound, E.meetingsNotOnline]

    // MARK: Publishing and replies
    public static let publish = BusOperation<PublishMeetingRequest, MeetingView>(
        "meetings.publish", .command, callers: .admin,
        http: .post("/api/v1/meetings", "发布会议（通知参会党员：微信模板消息，未绑定则短信，并入站内信）", tag: "meetings"),
        errors: [E.meetingsForbidden, E.meetingsOrgInvalid, E.meetingsKindInvalid, E.meetingsNameInvalid, E.meetingsTopicInvalid,
                 E.meetingsPlaceRequired, E.meetingsTimeInvalid, E.meetingsInviteesInvalid, E.meetingsTooManyInvitees])
    public static let get = BusOperation<MeetingRef, MeetingView>(
        "meetings.get", .query, callers: .people,
        http: .get("/api/v1/meetings/{meetingId}", "会议详情（报名、请假、签到情况；议题）", tag: "meetings"),
        errors: scope)
    public static let list = BusOperation<MeetingListQuery, MeetingPage>(
        "meetings.list", .query, callers: .admin,
        http: .get("/api/v1/meetings", "会议管理：本组织及下级的会议", tag: "meetings"),
        errors: [E.meetingsForbidden, E.meetingsQueryInvalid])
    public static let mine = BusOperation<MeetingListQuery, MeetingPage>(
        "meetings.mine", .query, callers: .member,
        http: .get("/api/v1/me/meetings", "我的会议", tag: "meetings"),
        errors: [E.meetingsQueryInvalid])
    public static let reply = BusOperation<MeetingReplyRequest, MeetingView>(
        "meetings.reply", .command, callers: .member,
        http: .post("/api/v1/meetings/{meetingId}/reply", "报名或请假（请假须填写原因）", tag: "meetings"),
        errors: scope + [E.meetingsNotInvited, E.meetingsReasonRequired, E.meetingsReplyClosed])
    public static let remind = BusOperation<MeetingRef, RemindReply>(
        "meetings.remind", .command, callers: .admin,
        http: .post("/api/v1/meetings/{meetingId}/remind", "提醒未确认人员", tag: "meetings"),
        errors: scope + [E.meetingsReplyClosed])

    // MARK: Check-in
    public static let code = BusOperation<MeetingRef, CheckInCode>(
        "meetings.code", .query, callers: .admin,
        http: .get("/api/v1/meetings/{meetingId}/code", "签到二维码（仅发布会议的党组织可见）", tag: "meetings"),
        errors: scope + [E.meetingsModeMismatch])
    public static let checkIn = BusOperation<CheckInRequest, MeetingView>(
        "meetings.checkin", .command, callers: .member,
        http: .post("/api/v1/meetings/{meetingId}/checkin", "扫码签到（须为受邀党员，在签到时间内）", tag: "meetings"),
        errors: scope + [E.meetingsNotInvited, E.meetingsTokenInvalid, E.meetingsTokenExpired, E.meetingsCheckInClosed,
                         E.meetingsAlreadyCheckedIn, E.meetingsModeMismatch])
    public static let attend = BusOperation<MeetingRef, MeetingView>(
        "meetings.attend", .command, callers: .member,
        http: .post("/api/v1/meetings/{meetingId}/attend", "参加线上会议（即签到）", tag: "meetings"),
        errors: scope + [E.meetingsNotInvited, E.meetingsCheckInClosed, E.meetingsAlreadyCheckedIn, E.meetingsModeMismatch])
    public static let manualCheckIn = BusOperation<ManualCheckInRequest, ManualCheckInReply>(
        "meetings.checkin.manual", .command, callers: .admin,
        http: .post("/api/v1/meetings/{meetingId}/checkin/manual", "手动签到（不使用微信的党员）", tag: "meetings"),
        errors: scope + [E.meetingsNotInvited, E.meetingsInviteesInvalid])

    // MARK: Topics (online meetings)
    public static let addTopic = BusOperation<AddTopicRequest, MeetingView>(
        "meetings.topic.add", .command, callers: .admin,
        http: .post("/api/v1/meetings/{meetingId}/topics", "添加议题（线上会议）", tag: "meetings"),
        errors: scope + [E.meetingsNotOnline, E.meetingsTopicTitleInvalid])
    /// Anonymous: the service keeps who has voted apart from the ballots, and keeps no record of the
    /// request itself (a retried vote is refused as already voted).
    public static let vote = BusOperation<VoteRequest, TopicView>(
        "meetings.topic.vote", .command, callers: .member,
        http: .post("/api/v1/meetings/{meetingId}/topics/{topicId}/vote", "对议题投票（不记名）", tag: "meetings"),
        errors: topic + [E.meetingsTopicClosed, E.meetingsNotEntitled, E.meetingsAlreadyVoted])
    public static let comment = BusOperation<CommentRequest, TopicView>(
        "meetings.topic.comment", .command, callers: .member,
        http: .post("/api/v1/meetings/{meetingId}/topics/{topicId}/comments", "发表意见（署名）", tag: "meetings"),
        errors: topic + [E.meetingsNotInvited, E.meetingsCommentInvalid])
    public static let closeTopic = BusOperation<TopicRef, TopicView>(
        "meetings.topic.close", .command, callers: .admin,
        http: .post("/api/v1/meetings/{meetingId}/topics/{topicId}/close", "结束表决（公布议题结果）", tag: "meetings"),
        errors: topic + [E.meetingsTopicClosed])

    // MARK: 会后补录 and compliance
    public static let record = BusOperation<RecordMeetingRequest, MeetingView>(
        "meetings.record", .command, callers: .admin,
        http: .post("/api/v1/meetings/{meetingId}/record", "会后补录：会议记录与决议", tag: "meetings"),
        errors: scope + [E.meetingsMinutesInvalid, E.meetingsNotStarted])
    public static let photoAdd = BusOperation<PhotoUploadRequest, MeetingView>(
        "meetings.photo.add", .command, callers: .admin,
        http: .post("/api/v1/meetings/{meetingId}/photos", "上传会议照片或会议记录照片（JPG/PNG）", tag: "meetings",
                    notes: ["contentBase64": "图片内容（base64）"]).bodyLimit(photoBodyBytes),
        errors: scope + [E.meetingsNotStarted, E.meetingsPhotoTypeInvalid, E.meetingsPhotoTooLarge, E.meetingsTooManyPhotos])
    /// A 4 MiB photo (the default `photoMaxBytes`) as base64 in JSON plus room for the other fields.
    public static let photoBodyBytes = 6 << 20
    public static let photoGet = BusOperation<PhotoRef, ExportReply>(
        "meetings.photo.get", .query, callers: .people,
        http: .get("/api/v1/meetings/{meetingId}/photos/{sha256}", "查看会议照片", tag: "meetings",
                   response: .file(mediaTypes: ["image/jpeg", "image/png"])),
        errors: scope + [E.meetingsPhotoNotFound])
    public static let compliance = BusOperation<ComplianceQuery, ComplianceReport>(
        "meetings.compliance", .query, callers: .admin,
        http: .get("/api/v1/meetings/compliance", "组织生活开展情况（按会议类型统计下级党支部，列出未按要求开展的支部）", tag: "meetings"),
        errors: [E.meetingsForbidden, E.meetingsOrgInvalid, E.meetingsQueryInvalid])

    public static let ledger = BusOperation<LedgerQuery, ExportReply>(
        "meetings.ledger", .query, callers: .admin,
        http: HTTPBinding(.GET, "/api/v1/meetings/ledger", "导出组织生活工作台账（按组织和年度，PDF 或 XLSX）", tag: "meetings",
                          response: .file(mediaTypes: ["application/pdf",
                                                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])),
        errors: [E.meetingsForbidden, E.meetingsOrgInvalid, E.meetingsQueryInvalid])

    // MARK: 三务公开 (village and community branches)
    public static let affairsPublish = BusOperation<PublishAffairsRequest, AffairsPost>(
        "meetings.affairs.publish", .command, callers: .admin,
        http: .post("/api/v1/affairs", "发布三务公开（村、社区党组织；可附 3 张图片）", tag: "meetings",
                    notes: ["photosBase64": "图片内容（base64，JPG/PNG）"]).bodyLimit(affairsBodyBytes),
        errors: [E.meetingsForbidden, E.meetingsOrgInvalid, E.meetingsNotVillage, E.meetingsAffairsInvalid, E.meetingsPhotoTypeInvalid,
                 E.meetingsPhotoTooLarge, E.meetingsTooManyPhotos])
    /// Three 4 MiB photos as base64 in JSON, and the text.
    public static let affairsBodyBytes = 17 << 20
    public static let affairsList = BusOperation<AffairsQuery, AffairsPage>(
        "meetings.affairs.list", .query, callers: .people,
        http: .get("/api/v1/affairs", "三务公开（党员：我的三务公开；管理员：本组织及下级）", tag: "meetings"),
        errors: [E.meetingsNotVillage, E.meetingsQueryInvalid])
    public static let affairsPhoto = BusOperation<AffairsPhotoRef, ExportReply>(
        "meetings.affairs.photo", .query, callers: .people,
        http: .get("/api/v1/affairs/{postId}/photos/{sha256}", "查看三务公开图片", tag: "meetings",
                   response: .file(mediaTypes: ["image/jpeg", "image/png"])),
        errors: [E.meetingsNotVillage, E.meetingsAffairsNotFound, E.meetingsPhotoNotFound, E.meetingsForbidden])

    // MARK: 党员关爱
    static let care = [E.meetingsForbidden, E.meetingsCareMemberInvalid, E.meetingsCareInvalid]
    public static let careRecord = BusOperation<RecordCareRequest, CareRecordView>(
        "meetings.care.record", .command, callers: .admin,
        http: .post("/api/v1/care/records", "登记关爱活动（走访慰问、困难帮扶等）", tag: "meetings"),
        errors: care + [E.meetingsDateInvalid])
    public static let careFile = BusOperation<FileCareRequest, CareRequestView>(
        "meetings.care.file", .command, callers: .admin,
        http: .post("/api/v1/care/requests", "提交关爱申请（由上级党组织审批办理）", tag: "meetings"),
        errors: care)
    public static let careDecide = BusOperation<CareDecision, CareRequestView>(
        "meetings.care.decide", .command, callers: .admin,
        http: .post("/api/v1/care/requests/{requestId}/decide", "审批关爱申请（上级党组织）", tag: "meetings"),
        errors: [E.meetingsCareNotFound, E.meetingsCareNotYours, E.meetingsCareStatusInvalid, E.meetingsCareInvalid])
    public static let careHandle = BusOperation<CareHandling, CareRequestView>(
        "meetings.care.handle", .command, callers: .admin,
        http: .post("/api/v1/care/requests/{requestId}/handle", "登记办理结果（上级党组织）", tag: "meetings"),
        errors: [E.meetingsCareNotFound, E.meetingsCareNotYours, E.meetingsCareStatusInvalid, E.meetingsCareInvalid])
    public static let careList = BusOperation<CareQuery, CareList>(
        "meetings.care.list", .query, callers: .people,
        http: .get("/api/v1/care", "党员关爱（管理员：本组织及下级与待办；党员：我的党员关爱）", tag: "meetings"),
        errors: [E.meetingsForbidden, E.meetingsQueryInvalid])

    public static let operations: [OperationDescriptor] = ([publish, get, list, mine, reply, remind, code, checkIn, attend,
        manualCheckIn, addTopic, vote, comment, closeTopic, record, photoAdd, photoGet, compliance, ledger, affairsPublish, affairsList, affairsPhoto,
        careRecord, careFile, careDecide, careHandle, careList] as [any DeclaredOperation])
        .map(\.descriptor)
}
