import Bus
import Foundation
import GRDB
import Schema
import XCTest

/// The restore drill (issue 15): `djctl backup` while members are being added (identity writes,
/// dues copies them from identity's events), more added after it; then `djctl restore` into a fresh
/// data directory and the platform started on it. Identity holds exactly the backup's members, dues
/// catches up to them from identity's log without applying anything twice, and a member added after
/// the restore reaches dues too.
final class BackupSystemTests: XCTestCase {
    var clusters: [Cluster] = []
    let demo = DemoData()

    override func tearDown() async throws {
        for cluster in clusters {
            if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
            await cluster.shutdown()
        }
    }

    actor Counter {
        var value = 0
        var failure: String?
        func add() { value += 1 }
        func fail(_ error: any Error) { failure = "\(error)" }
    }

    static func members(_ db: DatabaseQueue, table: String = "member") throws -> Set<String> {
        try db.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM \(table)")) }
    }

    func testARestoreDrillWhileALoadWrites() async throws {
        let cluster = try Cluster()
        clusters.append(cluster)
        try await cluster.startDues(demo)
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        // The load: members of the demo's branches, born from 1960 on (the installed ones from 1980),
        // with 137 numbers (the installed ones have 139).
        let load = DemoData(branches: demo.branches, membersPerBranch: 60, organizationsCSV: demo.organizationsCSV).people
            .map { DemoData.Person(name: $0.name, idNumber: $0.idNumber, phone: "137" + $0.phone.dropFirst(3), branch: $0.branch, post: "") }
        let created = Counter()
        let writer = Task {
            for person in load where !Task.isCancelled {
                do {
                    _ = try await client.call(IdentityAPI.memberCreate.type, CreateMember(
                        idNumber: person.idNumber, name: person.name, phone: person.phone, memberType: .full, orgCode: person.branch),
                        as: MemberView.self, actor: .service("drill"))
                    await created.add()
                } catch {
                    await created.fail(error)
                    return
                }
            }
        }
        try await eventually("the load under way", timeout: .seconds(60)) { await created.value >= 20 }
        let backup = cluster.directory.appendingPathComponent("backup")
        let output = try cluster.djctl(["backup", "--to", backup.path])
        XCTAssertTrue(output.contains("备份完成"), output)
        let atBackup = await created.value
        try await eventually("writes after the backup", timeout: .seconds(60)) { await created.value >= atBackup + 20 }
        writer.cancel()
        await writer.value
        let failure = await created.failure
        XCTAssertNil(failure, "every member of the load was created")

        var config = Configuration()
        config.readonly = true
        let backedIdentity = try Self.members(DatabaseQueue(path: backup.appendingPathComponent("identity.sqlite").path, configuration: config))
        let live = try Self.members(cluster.database("identity"))
        XCTAssertGreaterThanOrEqual(backedIdentity.count, demo.people.count + 20)
        XCTAssertTrue(backedIdentity.isSubset(of: live))
        XCTAssertGreaterThan(live.count, backedIdentity.count, "the load went on after the backup")
        await cluster.shutdown()

        // A fresh data directory, the backup restored into it, the platform started on it.
        let restored = try Cluster()
        clusters.append(restored)
        try restored.djctl(["restore", "--from", backup.path])
        try restored.startBroker()
        try restored.startService("identity")
        try restored.startService("dues")
        try await restored.waitUntilServing("identity")
        try await restored.waitUntilServing("dues")
        XCTAssertEqual(try Self.members(restored.database("identity")), backedIdentity, "identity is the backup's")
        try await eventually("dues caught up with the restored identity", timeout: .seconds(60)) {
            (try? Self.members(restored.database("dues"))) == backedIdentity
        }
        let head = try await restored.database("identity").read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM store_event") ?? 0 }
        try await eventually("dues' cursor at identity's head", timeout: .seconds(30)) {
            (try? await restored.database("dues").read { db in
                try Int64.fetchOne(db, sql: "SELECT position FROM store_cursor WHERE source = 'identity'")
            }) == head
        }
        // Nothing applied twice: one inbox row per event id, and no more than identity's log holds.
        let (rows, distinct) = try await restored.database("dues").read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM store_inbox") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT eventId) FROM store_inbox") ?? 0)
        }
        XCTAssertEqual(rows, distinct)
        XCTAssertLessThanOrEqual(rows, Int(head))

        // The log goes on from the restored head: a member added now reaches dues.
        let newClient = try restored.client(inFlight: 1, timeout: .seconds(10), retries: 1)
        let person = load[load.count - 1]
        let added = try await newClient.call(IdentityAPI.memberCreate.type, CreateMember(
            idNumber: person.idNumber, name: person.name, phone: person.phone, memberType: .full, orgCode: person.branch),
            as: MemberView.self, actor: .service("drill"))
        try await eventually("the new member in dues", timeout: .seconds(30)) {
            (try? Self.members(restored.database("dues")))?.contains(added.id) == true
        }
    }
}
