// Bounds of identity's request fields (see SchemaDocumented).
extension SubtreeQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(500)] }
}
extension OrganizationSearch: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["limit": FieldRule.limit(50)] }
}
extension MemberSearch: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
}
extension AdminListRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
}
extension AdminCreateRequest: SchemaDocumented {
    public static var fieldDescriptions: [String: String] {
        ["name": "管理员姓名，1至50个字（通过接口创建时必填）",
         "post": "职务，如书记、副书记、组织委员、操作员，1至20个字（通过接口创建时必填）",
         "mobile": "移动电话，11位大陆手机号；登录与找回密码的短信验证码发往此号（通过接口创建时必填）",
         "officePhone": "办公电话（选填），数字，可含区号、分机号和“-”"]
    }
}
extension AdminUpdateRequest: SchemaDocumented {
    public static var fieldDescriptions: [String: String] {
        ["mobile": "移动电话；本人的移动电话须由本组织另一名管理员或上级党组织修改",
         "officePhone": "办公电话；空字符串表示清除"]
    }
}
