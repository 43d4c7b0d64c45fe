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
