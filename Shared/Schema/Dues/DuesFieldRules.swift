// Bounds of dues' request fields (see SchemaDocumented). Money is never negative in a request.
extension StandardInput: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["baseFen": FieldRule.fen, "amountFen": FieldRule.fen] }
}
extension ProposeAmountRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["amountFen": FieldRule.fen] }
}
extension CashRecordRequest: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["amountFen": FieldRule.fen] }
}
extension MemberMonthsQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["months": ["minimum": 1, "maximum": 60]] }
}
extension UnpaidQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(500)] }
}
extension RecordQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(500)] }
}
extension MemberHistoryQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(500)] }
}
extension FlaggedQuery: SchemaDocumented {
    public static var fieldRules: [String: JSONValue] { ["offset": FieldRule.offset, "limit": FieldRule.limit(500)] }
}
