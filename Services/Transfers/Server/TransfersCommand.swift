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
        _ = try settingsFile.load()
        // Scaffold: the service's handlers, migrations and sweeper land with the transfers core.
        throw ValidationError("transfers: not built yet")
    }
}

/// `--settings` / DJ_TRANSFERS_SETTINGS.
enum TransfersSettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_TRANSFERS_SETTINGS"
    static let contents = "installation policies (TransfersSettings)"
    static var defaults: TransfersSettings { TransfersSettings() }
}
