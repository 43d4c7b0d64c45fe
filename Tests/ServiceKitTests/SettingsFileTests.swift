import ArgumentParser
import Foundation
import ServiceKit
import XCTest

/// A settings type written like the services' (IdentitySettings, DuesSettings, NotificationsSettings):
/// every key optional, its default otherwise.
private struct Policies: Decodable, Equatable {
    struct Limits: Decodable, Equatable {
        var perHour = 10
        var perDay = 20
    }

    var initialPassword = "123456"
    var lockoutMinutes = 30
    var roles = ["city"]
    var limits = Limits()

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Policies()
        initialPassword = try c.decodeIfPresent(String.self, forKey: .initialPassword) ?? d.initialPassword
        lockoutMinutes = try c.decodeIfPresent(Int.self, forKey: .lockoutMinutes) ?? d.lockoutMinutes
        roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? d.roles
        limits = try c.decodeIfPresent(Limits.self, forKey: .limits) ?? d.limits
    }

    enum CodingKeys: String, CodingKey { case initialPassword, lockoutMinutes, roles, limits }
}

private enum PoliciesFile: SettingsFileKind {
    static let environmentVariable = "DJ_SERVICEKIT_TEST_SETTINGS"
    static let contents = "test policies"
    static var defaults: Policies { Policies() }
}

final class SettingsFileTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        unsetenv(PoliciesFile.environmentVariable)
        try? FileManager.default.removeItem(at: directory)
    }

    func file(_ json: String) throws -> String {
        let url = directory.appendingPathComponent("settings.json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    func testNoFileGivesTheDefaults() throws {
        XCTAssertEqual(try SettingsFile.load(Policies.self, path: nil, default: Policies()), Policies())
        XCTAssertEqual(try SettingsOptions<PoliciesFile>.parse([]).load(), Policies())
    }

    func testAFileWithOneKeyKeepsTheOtherDefaults() throws {
        let path = try file(#"{"lockoutMinutes": 5}"#)
        var expected = Policies()
        expected.lockoutMinutes = 5
        XCTAssertEqual(try SettingsFile.load(Policies.self, path: path, default: Policies()), expected)
        XCTAssertEqual(try SettingsOptions<PoliciesFile>.parse(["--settings", path]).load(), expected, "the --settings flag")
    }

    func testTheEnvironmentVariableNamesTheFileWhenTheFlagIsAbsent() throws {
        let path = try file(#"{"roles": ["city", "county"]}"#)
        setenv(PoliciesFile.environmentVariable, path, 1)
        XCTAssertEqual(try SettingsOptions<PoliciesFile>.parse([]).load().roles, ["city", "county"])
        XCTAssertEqual(try SettingsOptions<PoliciesFile>.parse(["--settings", try file("{}")]).load(), Policies(),
                       "the flag wins over the environment")
    }

    func testABadFieldIsNamedWithTheFile() throws {
        let path = try file(#"{"lockoutMinutes": 5, "limits": {"perHour": "ten"}}"#)
        XCTAssertThrowsError(try SettingsFile.load(Policies.self, path: path, default: Policies())) { error in
            let failure = error as? SettingsFile.LoadError
            XCTAssertEqual(failure?.path, path)
            XCTAssertEqual(failure?.field, "limits.perHour")
            XCTAssertTrue("\(error)".contains(path), "\(error)")
            XCTAssertTrue("\(error)".contains("limits.perHour"), "\(error)")
        }
        let element = try file(#"{"roles": ["city", 3]}"#)
        XCTAssertThrowsError(try SettingsFile.load(Policies.self, path: element, default: Policies())) { error in
            XCTAssertEqual((error as? SettingsFile.LoadError)?.field, "roles.1")
        }
    }

    func testAFileThatIsNotJSONOrMissingSaysSo() throws {
        let path = try file(#"{"lockoutMinutes": 5,"#)
        XCTAssertThrowsError(try SettingsFile.load(Policies.self, path: path, default: Policies())) { error in
            XCTAssertNil((error as? SettingsFile.LoadError)?.field)
            XCTAssertTrue("\(error)".contains("\(path) is not valid JSON"), "\(error)")
        }
        let missing = directory.appendingPathComponent("absent.json").path
        XCTAssertThrowsError(try SettingsFile.load(Policies.self, path: missing, default: Policies())) { error in
            XCTAssertTrue("\(error)".contains("\(missing) cannot be read"), "\(error)")
        }
    }
}
