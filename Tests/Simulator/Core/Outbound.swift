import AsyncHTTPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore

/// The simulator's HTTP client for what a provider sends merchants (notifications, delivery reports):
/// AsyncHTTPClient under URLSession's calling shape. URLSession on Linux runs each request through
/// libcurl easy handles and threads; replacing it cut the simulator's CPU per payment by about a tenth.
struct Outbound: Sendable {
    /// One for the process, never shut down (the simulator runs until it is stopped; in-process
    /// simulators of the tests share it). Notifications to one merchant go out in parallel, as a
    /// provider's do.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        configuration.decompression = .disabled
        return configuration
    }())

    let timeout: TimeAmount

    init(timeout: TimeAmount = .seconds(5)) { self.timeout = timeout }

    /// Sends `request` (its URL, method, headers and body) and returns the answer's body and status line.
    func data(for request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        guard let url = request.url else { throw URLError(.badURL) }
        var outgoing = HTTPClientRequest(url: url.absoluteString)
        outgoing.method = .init(rawValue: request.httpMethod ?? "GET")
        for (name, value) in request.allHTTPHeaderFields ?? [:] { outgoing.headers.add(name: name, value: value) }
        if let body = request.httpBody { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await Self.client.execute(outgoing, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let answer = HTTPURLResponse(url: url, statusCode: Int(response.status.code), httpVersion: "HTTP/1.1",
                                           headerFields: nil) else { throw URLError(.badServerResponse) }
        return (Data(body.readableBytesView), answer)
    }
}
