import ArgumentParser
import Bus
import Foundation
import Schema
import ServiceKit

/// `djctl health --service dues`: asks a service over the bus whether it can serve (its `<service>.health`).
/// Exit 0 when it answers "ok" in time; probes (Kubernetes, monitoring) use it.
struct HealthCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask a service over the bus whether it can serve (exit 0 when it answers ok).")

    @Option(help: "The service to ask: identity, dues, payments, transfers, notifications, meetings.") var service: String
    @Option(help: "Seconds to wait for the answer.") var timeout: Double = 2
    @Option(help: "Broker request/reply endpoint. Env DJ_BROKER.") var broker: String = Env.string("DJ_BROKER", "tcp://127.0.0.1:5555")
    @OptionGroup var curve: CurveOptions

    func run() async throws {
        let client = try BusClient(context: try curve.context(),
                                   options: .init(endpoint: broker, inFlight: 1, timeout: .milliseconds(Int64(timeout * 1000)), retries: 0))
        let outcome: Result<Health.Reply, ErrorBody>
        do {
            outcome = .success(try await client.call(Health.type(service), Empty(), as: Health.Reply.self, actor: .service("djctl")))
        } catch {
            outcome = .failure(error)
        }
        await client.close()
        switch outcome {
        case .success(let reply):
            print("\(reply.service) \(reply.status) instance=\(reply.instance) version=\(reply.version)")
            if reply.status != "ok" { throw ExitCode.failure }
        case .failure(let error):
            throw report(error)
        }
    }
}
