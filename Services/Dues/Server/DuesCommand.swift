import ArgumentParser
import Dues
import Foundation
import Schema
import ServiceKit

@main
struct DuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dues",
        abstract: "Dangjian dues (党费): standards, months and windows, arrears, proxies, cash, payment reservations, queries and exports.")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    @Option(help: "JSON file of installation policies (DuesSettings; absent keys keep defaults). Env DJ_DUES_SETTINGS.")
    var settings: String?

    func run() async throws {
        let file = settings ?? ProcessInfo.processInfo.environment["DJ_DUES_SETTINGS"]
        let policies = try file.map(DuesSettings.load(path:)) ?? DuesSettings()
        try await ServiceHost.run(name: "dues", contract: DuesAPI.operations, bus: bus, runtime: runtime, migrations: DuesMigrations.register) { host in
            host.consume(DirectoryCopy.sources) { _, event, db in
                try DirectoryCopy.apply(db, event: event, settings: policies)
            }
            registerDuesRoutes(host, settings: policies)
            host.addService(MonthOpenerService(store: host.store, settings: policies, holder: runtime.instance, logger: host.logger))
        }
    }
}
