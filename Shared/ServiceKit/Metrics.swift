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

/// GET /metrics on 127.0.0.1:port, as a lifecycle service.
public struct MetricsServer: Service {
    let port: UInt16
    let logger: Logger

    public init(port: Int, logger: Logger) {
        self.port = UInt16(clamping: port)
        self.logger = logger
    }

    public func run() async throws {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 5)
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                         body: Data(MetricsSetup.registry.emitToBuffer()))
        }
        logger.info("metrics at http://127.0.0.1:\(port)/metrics")
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            Task { await server.stop(timeout: 1) }
        }
    }
}
