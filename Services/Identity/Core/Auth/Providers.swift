import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a provider call failed.
public enum ProviderError: Error, Sendable, Equatable {
    /// Network failure, timeout, HTTP status other than 200, or a reply that is not the documented shape.
    case unavailable(String)
    /// The provider answered with an error of its own (e.g. WeChat `errcode` 40029: invalid code).
    case rejected(code: Int, message: String)
}

// MARK: WeChat

/// What WeChat's OAuth code exchange yields that identity keeps.
public struct WeChatUser: Sendable, Equatable {
    public var openid: String
    public init(openid: String) { self.openid = openid }
}

/// Exchanges the OAuth `code` of WeChat's redirect for the user's openid.
public protocol WeChatProvider: Sendable {
    func exchange(code: String) async throws(ProviderError) -> WeChatUser
}

/// For tests and fixtures.
public struct ClosureWeChatProvider: WeChatProvider {
    let body: @Sendable (String) async throws(ProviderError) -> WeChatUser
    public init(_ body: @escaping @Sendable (String) async throws(ProviderError) -> WeChatUser) { self.body = body }
    public func exchange(code: String) async throws(ProviderError) -> WeChatUser { try await body(code) }
}

/// `GET {base}/sns/oauth2/access_token?appid=..&secret=..&code=..&grant_type=authorization_code`
/// → `{access_token, expires_in, refresh_token, openid, scope}` or `{errcode, errmsg}`.
public struct HTTPWeChatProvider: WeChatProvider {
    public var baseURL: URL
    public var appId: String
    public var secret: String
    public var timeout: TimeInterval

    public init(baseURL: URL, appId: String, secret: String, timeout: TimeInterval = 5) {
        self.baseURL = baseURL
        self.appId = appId
        self.secret = secret
        self.timeout = timeout
    }

    private struct Reply: Decodable {
        var openid: String?
        var errcode: Int?
        var errmsg: String?
    }

    public func exchange(code: String) async throws(ProviderError) -> WeChatUser {
        guard var components = URLComponents(url: baseURL.appendingPathComponent("sns/oauth2/access_token"),
                                             resolvingAgainstBaseURL: false) else {
            throw .unavailable("bad base URL")
        }
        components.queryItems = [
            URLQueryItem(name: "appid", value: appId), URLQueryItem(name: "secret", value: secret),
            URLQueryItem(name: "code", value: code), URLQueryItem(name: "grant_type", value: "authorization_code"),
        ]
        guard let url = components.url else { throw .unavailable("bad URL") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "GET"
        let data = try await ProviderHTTP.send(request, timeout: timeout, name: "wechat")
        guard let reply = try? JSONDecoder().decode(Reply.self, from: data) else {
            throw .unavailable("wechat: reply is not the documented JSON")
        }
        if let errcode = reply.errcode, errcode != 0 {
            throw .rejected(code: errcode, message: reply.errmsg ?? "")
        }
        guard let openid = reply.openid, !openid.isEmpty else { throw .unavailable("wechat: reply has no openid") }
        return WeChatUser(openid: openid)
    }
}

// MARK: Real name

public struct RealNameResult: Sendable, Equatable {
    public enum Outcome: Int, Sendable {
        case match = 0
        case mismatch = 1
        case noRecord = 2
    }
    public var outcome: Outcome
    public var message: String
    public var orderNo: String?
    public init(outcome: Outcome, message: String = "", orderNo: String? = nil) {
        self.outcome = outcome
        self.message = message
        self.orderNo = orderNo
    }
}

/// Checks that a name and an ID number belong together.
public protocol RealNameProvider: Sendable {
    func verify(name: String, idNumber: String, bizId: String) async throws(ProviderError) -> RealNameResult
}

public struct ClosureRealNameProvider: RealNameProvider {
    let body: @Sendable (String, String, String) async throws(ProviderError) -> RealNameResult
    public init(_ body: @escaping @Sendable (_ name: String, _ idNumber: String, _ bizId: String) async throws(ProviderError) -> RealNameResult) {
        self.body = body
    }
    public func verify(name: String, idNumber: String, bizId: String) async throws(ProviderError) -> RealNameResult {
        try await body(name, idNumber, bizId)
    }
}

/// `POST {base}/realname/v1/verify`, header `Authorization: APPCODE <appcode>`, JSON
/// `{name, idNumber, bizId}` → `{code: 0 match | 1 mismatch | 2 no record, message, orderNo}`.
public struct HTTPRealNameProvider: RealNameProvider {
    public var baseURL: URL
    public var appCode: String
    public var timeout: TimeInterval

    public init(baseURL: URL, appCode: String, timeout: TimeInterval = 5) {
        self.baseURL = baseURL
        self.appCode = appCode
        self.timeout = timeout
    }

    private struct Body: Encodable { var name: String, idNumber: String, bizId: String }
    private struct Reply: Decodable { var code: Int, message: String?, orderNo: String? }

    public func verify(name: String, idNumber: String, bizId: String) async throws(ProviderError) -> RealNameResult {
        var request = URLRequest(url: baseURL.appendingPathComponent("realname/v1/verify"), timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("APPCODE \(appCode)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONEncoder().encode(Body(name: name, idNumber: idNumber, bizId: bizId))
        let data = try await ProviderHTTP.send(request, timeout: timeout, name: "realname")
        guard let reply = try? JSONDecoder().decode(Reply.self, from: data) else {
            throw .unavailable("realname: reply is not the documented JSON")
        }
        guard let outcome = RealNameResult.Outcome(rawValue: reply.code) else {
            throw .rejected(code: reply.code, message: reply.message ?? "")
        }
        return RealNameResult(outcome: outcome, message: reply.message ?? "", orderNo: reply.orderNo)
    }
}

enum ProviderHTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.timeoutIntervalForResource = 15
        return URLSession(configuration: configuration)
    }()

    /// The body of a 200 reply; anything else is `.unavailable` with a reason free of personal data.
    static func send(_ request: URLRequest, timeout: TimeInterval, name: String) async throws(ProviderError) -> Data {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw .unavailable("\(name): \((error as? URLError)?.code.rawValue.description ?? "transport error")")
        }
        guard let http = response as? HTTPURLResponse else { throw .unavailable("\(name): not HTTP") }
        guard http.statusCode == 200 else { throw .unavailable("\(name): HTTP \(http.statusCode)") }
        return data
    }
}
