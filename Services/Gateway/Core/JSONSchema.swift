import Foundation
import Schema

/// A JSON Schema (2020-12, the dialect of OpenAPI 3.1) kept as its JSON form, with builders for the
/// few keywords the gateway uses and a validator for exactly those keywords. The same value is
/// written into `/openapi.json` and checked against every request, so the document cannot promise
/// what the gateway does not enforce.
public struct JSONSchema: Sendable, Equatable {
    public var json: [String: JSONValue]

    public init(_ json: [String: JSONValue]) { self.json = json }

    /// A schema derived from a type (`TypeSchema.of`): an object; anything else accepts any value.
    public init(derived value: JSONValue) {
        if case .object(let object) = value { json = object } else { json = [:] }
    }

    // MARK: Builders

    public static func string(minLength: Int? = nil, maxLength: Int? = nil, format: String? = nil,
                              description: String? = nil) -> JSONSchema {
        var j: [String: JSONValue] = ["type": "string"]
        if let minLength { j["minLength"] = .int(Int64(minLength)) }
        if let maxLength { j["maxLength"] = .int(Int64(maxLength)) }
        if let format { j["format"] = .string(format) }
        if let description { j["description"] = .string(description) }
        return JSONSchema(j)
    }

    public static func `enum`(_ values: [String], description: String? = nil) -> JSONSchema {
        var j: [String: JSONValue] = ["type": "string", "enum": .array(values.map { .string($0) })]
        if let description { j["description"] = .string(description) }
        return JSONSchema(j)
    }

    public static func integer(minimum: Int64? = nil, maximum: Int64? = nil) -> JSONSchema {
        var j: [String: JSONValue] = ["type": "integer"]
        if let minimum { j["minimum"] = .int(minimum) }
        if let maximum { j["maximum"] = .int(maximum) }
        return JSONSchema(j)
    }

    public static let boolean = JSONSchema(["type": "boolean"])
    /// RFC 3339 timestamp as the wire writes it.
    public static let dateTime = string(format: "date-time")
    public static let string = string()

    public static func array(_ items: JSONSchema) -> JSONSchema {
        JSONSchema(["type": "array", "items": .object(items.json)])
    }

    /// An object whose `required` keys must be present; others are optional and, when present,
    /// must match. Unknown keys are allowed (services ignore them).
    public static func object(_ properties: [String: JSONSchema], required: [String] = [],
                              description: String? = nil) -> JSONSchema {
        var j: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties.mapValues { .object($0.json) }),
        ]
        if !required.isEmpty { j["required"] = .array(required.sorted().map { .string($0) }) }
        if let description { j["description"] = .string(description) }
        return JSONSchema(j)
    }

    /// Every property required (reply bodies whose fields are always written).
    public static func record(_ properties: [String: JSONSchema], optional: [String] = []) -> JSONSchema {
        object(properties, required: properties.keys.filter { !optional.contains($0) })
    }

    /// String-to-string map (error details).
    public static let stringMap = JSONSchema(["type": "object", "additionalProperties": ["type": "string"]])

    public var properties: [String: JSONSchema] {
        guard case .object(let props)? = json["properties"] else { return [:] }
        return props.compactMapValues { if case .object(let o) = $0 { JSONSchema(o) } else { nil } }
    }

    public var required: [String] {
        guard case .array(let names)? = json["required"] else { return [] }
        return names.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    public var type: String? {
        if case .string(let t)? = json["type"] { t } else { nil }
    }

    // MARK: Validation

    /// The first violation as `schema.invalid` naming the field (`body.items.1.code`) and the
    /// reason (`missing`, `type_mismatch`, `invalid_value`), or nil when `value` conforms.
    public func violation(of value: JSONValue, at path: String) -> ErrorBody? {
        func fail(_ reason: String) -> ErrorBody {
            ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": path, "reason": reason],
                           message: Self.message(field: path, reason: reason))
        }
        if let type {
            let matches: Bool
            switch (type, value) {
            case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array): matches = true
            case ("integer", .int): matches = true
            case ("integer", .double(let d)): matches = d.rounded() == d && abs(d) < 9.2e18
            case ("number", .int), ("number", .double): matches = true
            default: matches = false
            }
            if !matches { return fail("type_mismatch") }
        }
        if case .array(let allowed)? = json["enum"], !allowed.contains(value) { return fail("invalid_value") }
        switch value {
        case .string(let s):
            let length = s.unicodeScalars.count
            if case .int(let min)? = json["minLength"], length < min { return fail("invalid_value") }
            if case .int(let max)? = json["maxLength"], length > max { return fail("invalid_value") }
        case .int, .double:
            let number: Double = if case .int(let i) = value { Double(i) } else if case .double(let d) = value { d } else { 0 }
            if case .int(let min)? = json["minimum"], number < Double(min) { return fail("invalid_value") }
            if case .int(let max)? = json["maximum"], number > Double(max) { return fail("invalid_value") }
        case .object(let object):
            for name in required where object[name] == nil { return fail("missing").withField(path + "." + name) }
            for (name, schema) in properties.sorted(by: { $0.key < $1.key }) {
                if let v = object[name], let error = schema.violation(of: v, at: path + "." + name) { return error }
            }
            if case .object(let extra)? = json["additionalProperties"] {
                let schema = JSONSchema(extra)
                for (name, v) in object.sorted(by: { $0.key < $1.key }) where properties[name] == nil {
                    if let error = schema.violation(of: v, at: path + "." + name) { return error }
                }
            }
        case .array(let items):
            if case .object(let itemSchema)? = json["items"] {
                for (index, item) in items.enumerated() {
                    if let error = JSONSchema(itemSchema).violation(of: item, at: "\(path).\(index)") { return error }
                }
            }
        default: break
        }
        return nil
    }

    static func message(field: String, reason: String) -> String {
        switch reason {
        case "missing": "请求格式不正确：缺少字段 \(field)"
        case "type_mismatch": "请求格式不正确：字段 \(field) 类型错误"
        case "not_json": "请求格式不正确：请求体不是有效的 JSON"
        default: "请求格式不正确：字段 \(field) 的值无效"
        }
    }
}

extension ErrorBody {
    func withField(_ field: String) -> ErrorBody {
        var copy = self
        copy.details["field"] = field
        copy.message = JSONSchema.message(field: field, reason: details["reason"] ?? "invalid_value")
        return copy
    }
}
