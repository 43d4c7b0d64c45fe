import Foundation
import Schema

/// `/openapi.json`, generated from the route table: one operation per route, with its summary,
/// parameters, request body schema, reply schema, security and the bus type it becomes.
public enum OpenAPI {
    public static func document(_ table: RouteTable, serverURL: String? = nil, version: String = "0.1.0") -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in table.routes {
            paths[route.path, default: [:]][route.method.lowercased()] = operation(route)
        }
        var document: [String: JSONValue] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Dangjian 党建 API",
                "version": .string(version),
                "description": """
                    党建平台网关：浏览器、微信公众号与手机应用的 JSON 接口。错误一律为 {code, message, details}，\
                    code 为稳定的英文错误码，message 为中文说明。需要登录的接口携带 Authorization: Bearer <accessToken>。
                    """,
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
                "schemas": ["Error": TypeSchema.of(ErrorBody.self)],
            ],
        ]
        if let serverURL { document["servers"] = [["url": .string(serverURL)]] }
        return .object(document)
    }

    static func operation(_ route: GatewayRoute) -> JSONValue {
        var op: [String: JSONValue] = [
            "operationId": .string(route.operationId),
            "summary": .string(route.summary),
            "tags": [.string(route.tag)],
            "security": route.auth == .bearer ? [["bearerAuth": []]] : [],
        ]
        switch route.target {
        case .bus(let type): op["x-bus-type"] = .string(type)
        case .local(_, let uses): if !uses.isEmpty { op["x-bus-types"] = .array(uses.map { .string($0) }) }
        }
        var parameters: [JSONValue] = route.pathParameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "minLength": 1]]
        }
        for parameter in route.query {
            var p: [String: JSONValue] = ["name": .string(parameter.name), "in": "query",
                                          "required": .bool(parameter.required), "schema": .object(parameter.schema.json)]
            if let description = parameter.description { p["description"] = .string(description) }
            parameters.append(.object(p))
        }
        for (header, field) in (route.operation?.http?.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            parameters.append(["name": .string(header), "in": "header", "required": true, "schema": ["type": "string"],
                               "description": .string("原样交给服务校验（\(field)）")])
        }
        if !parameters.isEmpty { op["parameters"] = .array(parameters) }
        if let body = route.body {
            op["requestBody"] = [
                "required": .bool(!body.required.isEmpty),
                "content": ["application/json": ["schema": .object(body.json)]],
            ]
        }
        let errorContent: JSONValue = ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]
        var responses: [String: JSONValue] = [
            "200": success(route),
            "default": ["description": "错误：状态码由错误码决定（400 请求格式、401 未登录或令牌无效、403 无权、404 不存在、405 方法不支持、409 冲突、413 请求过大、422 业务校验、423 账号锁定、429 过于频繁、503 服务不可用、504 超时）",
                        "content": errorContent],
        ]
        if route.auth == .bearer {
            responses["401"] = ["description": "未登录、令牌无效或已过期", "content": errorContent]
        }
        // The codes the operation declares, under their statuses, each with its Chinese message.
        if let operation = route.operation {
            var byStatus: [Int: [String]] = [:]
            for code in Set(operation.errors) { byStatus[ErrorStatus.status(for: code), default: []].append(code) }
            for (status, codes) in byStatus {
                let lines = codes.sorted().map { "\($0)：\(ErrorCode.defaultMessage(for: $0))" }
                responses[String(status)] = ["description": .string(lines.joined(separator: "；")), "content": errorContent]
            }
            op["x-error-codes"] = .array(Set(operation.errors).sorted().map { code in
                ["code": .string(code), "status": .int(Int64(ErrorStatus.status(for: code))),
                 "message": .string(ErrorCode.defaultMessage(for: code))]
            })
            op["x-callers"] = .array(operation.callers.names.map { .string($0) })
            op["x-kind"] = .string(operation.kind.rawValue)
        }
        op["responses"] = .object(responses)
        route.raw?.document(&op, route: route)
        return .object(op)
    }

    /// The 200 response as JSON (a route's `RawExchange` rewrites it for other forms).
    static func success(_ route: GatewayRoute) -> JSONValue {
        ["description": "成功", "content": ["application/json": ["schema": .object(route.response.json)]]]
    }

    /// (method, path) of every operation in a document, e.g. to compare with the route table.
    public static func operations(in document: JSONValue) -> Set<String> {
        guard case .object(let paths)? = document["paths"] else { return [] }
        var result = Set<String>()
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for method in methods.keys { result.insert(method.uppercased() + " " + path) }
        }
        return result
    }
}
