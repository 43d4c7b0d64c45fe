import Foundation
import Schema

/// Operations whose HTTP bodies are not the gateway's usual JSON objects — provider callbacks (an
/// Aliyun report is a JSON array, a WeChat push is XML with its signature in the query, and each
/// provider expects its own acknowledgement) and file downloads (exports). A route states its forms
/// here; the responder and the document follow them, with no special case for any route.
public struct RawExchange: Sendable, Equatable {
    public typealias RequestForm = HTTPBinding.RequestForm
    public typealias ResponseForm = HTTPBinding.ResponseForm

    /// What the document promises as a 200 body for `form`, given the reply type's schema: the file
    /// itself, a text, a provider's fixed acknowledgement, or the reply.
    public static func documentedSchema(_ form: ResponseForm, reply: JSONSchema) -> JSONSchema {
        switch form {
        case .json:
            return reply
        case .text:
            return .string
        case .file:
            return JSONSchema(["type": "string", "description": "文件内容：CSV 为带 BOM 的 UTF-8 文本；XLSX 为 Office Open XML 工作簿"])
        case .fixed(let body, _):
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) else {
                return JSONSchema(["type": "string", "enum": [.string(body)]])
            }
            return JSONSchema(["const": value])
        }
    }

    /// A successful reply's HTTP body and headers.
    public struct ReplyBody: Sendable, Equatable {
        public var bytes: [UInt8]
        /// The Content-Type header.
        public var contentType: String
        /// The Content-Disposition header of a file.
        public var disposition: String?
    }

    public var request: RequestForm
    public var response: ResponseForm

    public init(request: RequestForm = .jsonObject, response: ResponseForm = .json) {
        self.request = request
        self.response = response
    }

    /// The HTTP body of a successful reply, or nil for plain JSON (the usual path). A `.text` reply
    /// that is not a string, or a `.file` reply without a documented file, is the service's (or the
    /// gateway's) fault: `internal`.
    public func responseBody(for reply: JSONValue) -> Result<ReplyBody, ErrorBody>? {
        switch response {
        case .json:
            return nil
        case .fixed(let body, let mediaType):
            return .success(ReplyBody(bytes: Array(body.utf8), contentType: mediaType + "; charset=utf-8"))
        case .text(let mediaType):
            guard case .string(let text) = reply else {
                return .failure(ErrorBody.make(ErrorCode.internal, details: ["reason": "reply_not_text"]))
            }
            return .success(ReplyBody(bytes: Array(text.utf8), contentType: mediaType + "; charset=utf-8"))
        case .file:
            return FileReply.make(reply, form: response).map {
                ReplyBody(bytes: $0.bytes, contentType: $0.contentType, disposition: $0.contentDisposition)
            }
        }
    }

    /// The bus body for the non-object request forms (`.jsonObject` is `RequestInput.build`'s own).
    func input(route: GatewayRoute, pathParameters: [String: String], query: [(String, String)],
               body: [UInt8]) -> Result<JSONValue, ErrorBody> {
        switch request {
        case .jsonObject:
            preconditionFailure("the JSON object form is built by RequestInput")
        case .jsonValue:
            let trimmed = body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            guard !trimmed.isEmpty else { return .failure(RequestInput.invalid("body", "missing")) }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
                return .failure(RequestInput.invalid("$", "not_json"))
            }
            if let schema = route.body, let error = schema.violation(of: value, at: "body") { return .failure(error) }
            return .success(value)
        case .text(let field, _):
            guard let text = String(validating: body, as: UTF8.self) else {
                return .failure(RequestInput.invalid("body", "invalid_value"))
            }
            if let schema = route.body, let error = schema.violation(of: .string(text), at: "body") { return .failure(error) }
            // Path and query parameters as the JSON form takes them (typed, checked, required ones present).
            var withoutBody = route
            withoutBody.body = nil
            withoutBody.raw = nil
            return RequestInput.build(route: withoutBody, pathParameters: pathParameters, query: query, body: []).map { value in
                guard case .object(var object) = value else { return value }
                object[field] = .string(text)
                return .object(object)
            }
        }
    }

    /// The request body's content entry for the document (nil: the JSON form, documented as usual).
    func documentedRequestBody(_ schema: JSONSchema?) -> JSONValue? {
        let schemaJSON: JSONValue = .object((schema ?? .string).json)
        switch request {
        case .jsonObject:
            return nil
        case .jsonValue:
            return ["required": true, "content": ["application/json": ["schema": schemaJSON]]]
        case .text(_, let mediaTypes):
            var content: [String: JSONValue] = [:]
            for type in mediaTypes { content[type] = ["schema": schemaJSON] }
            return ["required": false, "content": .object(content)]
        }
    }

    /// The 200 response for the document (nil: JSON, documented as usual).
    func documentedResponse(_ schema: JSONSchema) -> JSONValue? {
        switch response {
        case .json:
            return nil
        case .text(let mediaType), .fixed(_, let mediaType):
            return ["description": "成功", "content": .object([mediaType: ["schema": .object(schema.json)]])]
        case .file(let mediaTypes, _, _, _):
            var content: [String: JSONValue] = [:]
            for type in mediaTypes { content[type] = ["schema": .object(schema.json)] }
            return [
                "description": "成功：文件本身（附件下载）",
                "headers": ["Content-Disposition": [
                    "description": "attachment; filename=\"…\"; filename*=UTF-8''…（文件名为中文，按 RFC 8187 编码）",
                    "schema": ["type": "string"],
                ]],
                "content": .object(content),
            ]
        }
    }

    /// Rewrites a JSON operation of the document where this exchange differs.
    func document(_ op: inout [String: JSONValue], route: GatewayRoute) {
        if let body = documentedRequestBody(route.body) { op["requestBody"] = body }
        if let success = documentedResponse(route.response), case .object(var responses)? = op["responses"] {
            responses["200"] = success
            op["responses"] = .object(responses)
        }
    }
}
