import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP client notifications talks to providers with: SwiftNIO's, with kept-alive connections
/// (URLSession over libcurl cost more CPU than everything else of a WeChat fan-out together).
/// One pool for the process, never shut down: it lives as long as the service.
public enum ProviderHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 128)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        return HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)
    }()

    /// The request never reached the provider (no connection): safe to send again.
    public struct NotConnected: Error, CustomStringConvertible {
        public let underlying: any Error
        public var description: String { "not connected: \(underlying)" }
    }

    /// Sends one request; returns the status and the whole body (up to 1 MiB).
    public static func send(_ method: HTTPMethod, _ url: URL, contentType: String? = nil, body: Data? = nil,
                            timeout: TimeAmount = .seconds(10)) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw isConnectFailure(error) ? NotConnected(underlying: error) : error
        }
        var buffer = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Data(buffer.readBytes(length: buffer.readableBytes) ?? []))
    }

    static func isConnectFailure(_ error: any Error) -> Bool {
        if error is NIOConnectionError { return true }
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        if let error = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode) { return true }
        return false
    }
}
