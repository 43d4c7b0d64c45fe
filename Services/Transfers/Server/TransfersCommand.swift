import ArgumentParser
import Foundation
import Schema
import ServiceKit
import Transfers

@main
struct TransfersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfers",
        abstract: "Dangjian transfers (组织关系转接): applications, approvals, 划拨, 介绍信 and 回执.")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions
    @OptionGroup var settingsFile: SettingsOptions<TransfersSettingsFile>

    func run() async throws {
        let settings = try settingsFile.load()
        // 回执 files live beside the store: <data-dir>/receipts/<sha256>.<ext>.
        let receipts = URL(fileURLWithPath: bus.dataDir).appendingPathComponent("receipts")
        try await ServiceHost.run(name: "transfers", contract: TransfersAPI.operations, bus: bus, runtime: runtime,
                                  migrations: TransfersMigrations.register) { host in
            host.consume(DirectoryCopy.sources) { _, event, db in
                try DirectoryCopy.apply(db, event: event)
            }
            let identity = BusIdentity(client: host.client)
            registerTransfersRoutes(host, settings: settings, identity: identity, receipts: receipts)
            let completion = Completion(store: host.store, identity: identity, dues: BusDues(client: host.client), settings: settings,
                                        logger: host.logger)
            // Every committed event may be a final approval or a 撤销: the sweeper looks at once.
            let poke = Poke()
            host.store.onCommit { poke.poke() }
            host.addService(SweeperService(store: host.store, completion: completion, settings: settings, poke: poke,
                                           logger: host.logger))
        }
    }
}

/// `--settings` / DJ_TRANSFERS_SETTINGS.
enum TransfersSettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_TRANSFERS_SETTINGS"
    static let contents = "installation policies (TransfersSettings)"
    static var defaults: TransfersSettings { TransfersSettings() }
}
