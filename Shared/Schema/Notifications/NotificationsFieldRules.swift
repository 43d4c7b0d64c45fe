// Bounds of notifications' request fields (see SchemaDocumented).
extension PublishNotice: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["title": FieldRule.nonEmpty, "content": FieldRule.nonEmpty] }
}
extension NoticeListRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
}
extension InboxListRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
}
extension NoticeReceiptsRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
}
extension DeliveryListRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
}
