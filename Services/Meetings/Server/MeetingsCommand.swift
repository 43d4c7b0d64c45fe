import ArgumentParser
import Foundation
import Meetings
import Schema
import ServiceKit

@main
struct MeetingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meetings",
        abstract: "Dangjian meetings (组织生活): publishing, replies, check-in, quorum and anonymous votes.")

    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions
    @OptionGroup var settingsFile: SettingsOptions<MeetingsSettingsFile>

    func run() async throws {
        let settings = try settingsFile.load()
        // 会后补录 photos live beside the store: <data-dir>/photos/<sha256>.<ext>.
        let photos = URL(fileURLWithPath: bus.dataDir).appendingPathComponent("photos")
        try await ServiceHost.run(name: "meetings", contract: MeetingsAPI.operations, bus: bus, runtime: runtime,
                                  migrations: MeetingsMigrations.register) { host in
            host.consume(DirectoryCopy.sources) { _, event, db in
                try DirectoryCopy.apply(db, event: event)
            }
            registerMeetingsRoutes(host, settings: settings, photos: photos)
        }
    }
}

/// `--settings` / DJ_MEETINGS_SETTINGS.
enum MeetingsSettingsFile: SettingsFileKind {
    static let environmentVariable = "DJ_MEETINGS_SETTINGS"
    static let contents = "installation policies (MeetingsSettings)"
    static var defaults: MeetingsSettings { MeetingsSettings() }
}
