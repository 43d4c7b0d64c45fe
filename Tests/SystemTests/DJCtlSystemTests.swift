import Foundation
import XCTest

/// The operator's command as a log or a pipe sees it.
final class DJCtlSystemTests: XCTestCase {
    /// Import progress into a pipe is one line per step (on a terminal it is rewritten in place with
    /// `\r`); before, the figures ran into one line.
    func testImportProgressIsOneLinePerStepWhenNotATerminal() async throws {
        let cluster = try Cluster()
        defer { Task { await cluster.shutdown() } }
        let demo = DemoData()
        try cluster.djctl(["init", "--code", demo.rootCode, "--name", "中共示范市委", "--admin", "cityadmin"])
        let orgs = cluster.directory.appendingPathComponent("orgs.csv"), members = cluster.directory.appendingPathComponent("members.csv")
        try demo.organizationsCSV.write(to: orgs, atomically: true, encoding: .utf8)
        try demo.membersCSV.write(to: members, atomically: true, encoding: .utf8)
        let output = try cluster.djctl(["import", "--organizations", orgs.path, "--members", members.path])
        XCTAssertFalse(output.contains("\r"), output)
        let progress = output.split(separator: "\n").filter { $0.hasPrefix("导入进度") }
        XCTAssertGreaterThanOrEqual(progress.count, 2, output)
        XCTAssertTrue(progress.allSatisfy { $0.range(of: #"^导入进度 \d+/\d+$"#, options: .regularExpression) != nil }, output)
        XCTAssertEqual(progress.first, "导入进度 0/\(progress.last!.split(separator: "/").last!)")
        XCTAssertTrue(output.contains("导入完成"), output)
    }
}
