import FlyingFox
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// swift-metrics backed by a Prometheus registry; `MetricsServer` serves it as text on demand.
public enum MetricsSetup {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()

    public static func bootstrap() { _ = bootstrapped }
}

/// GET /metrics on host:port (loopback unless told), as a lifecycle service.
public struct MetricsServer: Service {
    let port: UInt16
    let host: String
    let logger: Logger

    public init(port: Int, host: String = "127.0.0.1", logger: Logger) {
        self.port = UInt16(clamping: port)
        self.host = host
        self.logger = logger
    }

    public func run() async throws {
        let server = HTTPServer(address: try .inet(ip4: host, port: port), timeout: 5)
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: Data(MetricsSetup.registry.emitToBuffer()))
        }
        logger.info("metrics at http://\(host):\(port)/metrics")
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            Task { await server.stop(timeout: 1) }
        }
    }
}
