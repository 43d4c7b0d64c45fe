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

    @OptionGroup var settingsFile: SettingsOptions<DuesSettingsFile>

    func run() async throws {
        let policies = try settingsFile.load()
        try await ServiceHost.run(name: "dues", contract: DuesAPI.operations, bus: bus, runtime: runtime, migrations: DuesMigrations.register) { host in
            host.consume(DirectoryCopy.sources) { _, event, db in
                try DirectoryCopy.apply(db, event: event, settings: policies)
            }
            registerDuesRoutes(host, settings: policies)
            host.addService(MonthOpenerService(store: host.store, settings: policies, holder: runtime.instance, logger: host.logger))
        }
    }
}

/// `--settings` / DJ_DUES_SETTINGS.
enum DuesSettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_DUES_SETTINGS"
    static let contents = "installation policies (DuesSettings)"
    static var defaults: DuesSettings { DuesSettings() }
}
