// Bounds of meetings' request fields (see SchemaDocumented).
extension MeetingListQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] {
        ["offset": FieldRule.offset, "limit": FieldRule.limit(200), "year": ["minimum": 2000, "maximum": 2100]]
    }
    public static var fieldDescriptions: [String: String] { ["year": "会议开始时间所在年份（北京时间）"] }
}
extension PublishMeetingRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["name": FieldRule.nonEmpty, "topic": FieldRule.nonEmpty] }
    public static var fieldDescriptions: [String: String] {
        ["orgCode": "召开会议的党组织；缺省为管理员本组织", "otherKind": "会议类型为 other 时填写（取自安装设置）",
         "inviteeIds": "参会党员", "inviteAll": "邀请本组织及下级全部在册党员（如全委党课）"]
    }
}
extension ComplianceQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["limit": FieldRule.limit(500), "year": ["minimum": 2000, "maximum": 2100]] }
    public static var fieldDescriptions: [String: String] { ["orgCode": "缺省为管理员本组织", "year": "缺省为当年（北京时间）"] }
}
extension LedgerQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["year": ["minimum": 2000, "maximum": 2100]] }
    public static var fieldDescriptions: [String: String] { ["orgCode": "缺省为管理员本组织", "format": "pdf 或 xlsx"] }
}
extension AffairsQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(100)] }
}
extension CareQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["limit": FieldRule.limit(200)] }
}
