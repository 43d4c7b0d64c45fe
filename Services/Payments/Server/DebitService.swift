import Foundation
import Logging
import Payments
import ServiceLifecycle

/// Runs the pending 银行缴费协议 debits until graceful shutdown: a pass, then a pause of
/// `sweepSeconds` when there was nothing to send (the pace of polling, not a synchronisation).
struct DebitService: Service {
    let runner: DebitRunner
    let settings: PaymentsSettings
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let sent: Int
            do { sent = try await runner.runOnce() } catch {
                logger.warning("debit pass failed: \(error)")
                sent = 0
            }
            if sent == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(min(2, settings.sweepSeconds))) }
            }
        }
    }
}
