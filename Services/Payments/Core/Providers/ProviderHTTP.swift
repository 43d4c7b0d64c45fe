import AsyncHTTPClient
import Foundation
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import Schema

/// The HTTP client payments talks to providers with: SwiftNIO's, kept-alive connections, one pool for
/// the process (it lives as long as the service).
enum ProviderHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        return HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)
    }()

    /// One request; the status and the whole body (up to `limit`, 1 MiB unless a statement download
    /// asks for more). Any transport failure is `payments.provider_failed` with reason `unreachable`.
    static func send(provider: String, _ method: HTTPMethod, _ url: String, headers: [(String, String)], body: Data?,
                     limit: Int = 1 << 20) async throws(ErrorBody)
        -> (status: Int, headers: [String: String], body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .seconds(limit > 1 << 20 ? 120 : 15))
            var buffer = try await response.body.collect(upTo: limit)
            var names: [String: String] = [:]
            for header in response.headers { names[header.name.lowercased()] = header.value }
            count(provider, response.status.code < 300 ? "ok" : "refused")
            return (Int(response.status.code), names, Data(buffer.readBytes(length: buffer.readableBytes) ?? []))
        } catch {
            count(provider, "error")
            throw ErrorBody.providerFailed("unreachable")
        }
    }

    /// `provider_requests_total{provider, outcome}`: ok (2xx), refused (the provider answered with an error
    /// status), error (no answer). A refusal inside a 200 (a trade's own error code) counts as ok here.
    static func count(_ provider: String, _ outcome: String) {
        Counter(label: "provider_requests_total", dimensions: [("provider", provider), ("outcome", outcome)]).increment()
    }
}
