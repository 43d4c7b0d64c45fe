// Bounds of transfers' request fields (see SchemaDocumented).
extension TransferListQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(200)] }
    public static var fieldDescriptions: [String: String] {
        ["direction": "in 转入、out 转出、within 内部（相对本组织范围）", "waitingForMe": "仅本组织待办", "from": "申请日期起（yyyy-MM-dd）",
         "to": "申请日期止（yyyy-MM-dd）"]
    }
}
extension TargetSearch: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["limit": FieldRule.limit(50), "q": FieldRule.nonEmpty] }
    public static var fieldDescriptions: [String: String] { ["type": "branch（缺省）或 committee"] }
}
