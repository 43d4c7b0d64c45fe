import ArgumentParser
import Foundation
import Payments
import Schema
import ServiceKit

@main
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Dangjian payments (党费在线支付): orders with idempotency keys, reservations in dues, expiry, Alipay notifications.")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup var settingsFile: SettingsOptions<PaymentsSettingsFile>

    func run() async throws {
        let settings = try settingsFile.load()
        try await ServiceHost.run(name: "payments", contract: PaymentsAPI.operations, bus: bus, runtime: runtime,
                                  migrations: PaymentsMigrations.register) { host in
            let providers = try Providers.make(settings, store: host.store)
            let dues = BusDues(client: host.client)
            let confirmer = Confirmer(store: host.store, dues: dues, logger: host.logger)
            try registerPaymentsRoutes(host, settings: settings, dues: dues, identity: BusIdentity(client: host.client),
                                       providers: providers, confirmer: confirmer)
            host.addService(ExpirySweeperService(store: host.store, dues: dues, settings: settings, confirmer: confirmer,
                                                 followUp: ProviderFollowUp(store: host.store, providers: providers),
                                                 logger: host.logger))
            let reconciliation = Reconciliation(store: host.store, sources: try Providers.statementSources(settings), dues: dues,
                                                cutOverSeconds: TimeInterval(settings.reconciliation.cutOverSeconds))
            registerReconciliationRoutes(host, reconciliation: reconciliation)
            if settings.reconciliation.enabled {
                host.addService(ReconciliationScheduleService(store: host.store, reconciliation: reconciliation,
                                                              settings: settings.reconciliation, logger: host.logger))
            }
            // 银行缴费协议: dues' month openings become pending debits (exactly once), sent at the set pace.
            host.consume(["dues"]) { _, event, db in try Debits.intake(db, event: event, now: Date()) }
            if let unionpay = providers[.unionpay] as? UnionPayGateway {
                host.addService(DebitService(runner: DebitRunner(store: host.store, dues: dues, unionpay: unionpay, settings: settings,
                                                                 logger: host.logger),
                                             settings: settings, logger: host.logger))
            }
        }
    }
}

/// `--settings` / DJ_PAYMENTS_SETTINGS.
enum PaymentsSettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_PAYMENTS_SETTINGS"
    static let contents = "installation policies (PaymentsSettings)"
    static var defaults: PaymentsSettings { PaymentsSettings() }
}
