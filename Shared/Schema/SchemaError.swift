import Foundation

/// Turns any decoding failure into the one error a sender sees:
/// `schema.invalid` with the field path as the sender wrote it.
enum SchemaError {
    enum Reason: String {
        case missing, typeMismatch = "type_mismatch", invalidValue = "invalid_value", notJSON = "not_json"
    }

    static func make(field: String, reason: Reason) -> ErrorBody {
        let what: String
        switch reason {
        case .missing: what = "缺少字段 \(field)"
        case .typeMismatch: what = "字段 \(field) 类型错误"
        case .invalidValue: what = "字段 \(field) 的值无效"
        case .notJSON: what = "不是有效的 JSON"
        }
        return ErrorBody(
            code: ErrorCode.schemaInvalid,
            message: "\(ErrorCode.defaultMessage(for: ErrorCode.schemaInvalid))：\(what)",
            details: ["field": field, "reason": reason.rawValue])
    }

    /// `prefix` roots the path when the decoded value sits inside something
    /// larger (an event's body); the envelope itself is the root otherwise.
    /// `isJSON` says the bytes are known to parse, so nothing is `not_json`.
    static func from(_ error: any Error, prefix: [String] = [], isJSON: Bool = false) -> ErrorBody {
        if let body = error as? ErrorBody { return body }
        guard let error = error as? DecodingError else {
            return make(field: path(prefix, []), reason: isJSON ? .invalidValue : .notJSON)
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return make(field: path(prefix, ctx.codingPath + [key]), reason: .missing)
        case .valueNotFound(_, let ctx):
            // `"amount": null` for a required field: absent in substance.
            return make(field: path(prefix, ctx.codingPath), reason: .missing)
        case .typeMismatch(_, let ctx):
            return make(field: path(prefix, ctx.codingPath), reason: .typeMismatch)
        case .dataCorrupted(let ctx):
            // The parser reports unreadable bytes at the root; a value that
            // parsed but was refused (bad enum case, bad date) has a path.
            if ctx.codingPath.isEmpty && !isJSON {
                return make(field: "$", reason: .notJSON)
            }
            return make(field: path(prefix, ctx.codingPath), reason: .invalidValue)
        @unknown default:
            return make(field: "$", reason: .invalidValue)
        }
    }

    /// Dotted path; array positions as bare numbers (`body.items.1.code`),
    /// the whole message as `$`.
    static func path(_ prefix: [String], _ codingPath: [any CodingKey]) -> String {
        let parts = prefix + codingPath.map { key -> String in
            // Foundation names array positions "Index 1"; the sender wrote 1.
            if let i = key.intValue, key.stringValue == "Index \(i)" || key.stringValue == "\(i)" {
                return String(i)
            }
            return key.stringValue
        }
        return parts.isEmpty ? "$" : parts.joined(separator: ".")
    }
}
