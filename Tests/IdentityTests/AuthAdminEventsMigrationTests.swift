import Foundation
import GRDB
import Identity
import Schema
import Store
import XCTest

/// Administrator accounts that existed before `identity.admin.changed` are announced once by the
/// migration `identity.auth.admin_events`, so notifications' copy knows them.
final class AuthAdminEventsMigrationTests: XCTestCase {
    func testAdministratorsMadeBeforeTheEventExistedAreAnnouncedOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("adminevents-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("identity.sqlite").path
        do {
            let store = try Store(path: path, migrations: IdentityMigrations.register)
            try store.writeSync { db in
                _ = try Organizations.create(db, CreateOrganization(code: "001", name: "市委", type: .committee, parentCode: nil), by: .service("test"), now: Date())
                // As an installation made before the event existed left it: an account row, no event.
                try db.execute(sql: """
                    INSERT INTO account (id, kind, username, orgCode, roles, passwordHash, mustChangePassword, createdAt, name, post, mobile)
                    VALUES ('a1', 'admin', 'cityadmin', '001', '["city"]', 'x', 1, 0, '李明', '组织委员', '13800001111')
                    """)
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'identity.auth.admin_events'")
            }
            XCTAssertEqual(try store.readSync { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM store_event WHERE type = ?", arguments: [IdentityEvent.adminChanged]) }, 0)
        }
        let reopened = try Store(path: path, migrations: IdentityMigrations.register)
        let bodies = try reopened.readSync { db in
            try Data.fetchAll(db, sql: "SELECT envelope FROM store_event WHERE type = ?", arguments: [IdentityEvent.adminChanged])
        }
        XCTAssertEqual(bodies.count, 1)
        let envelope = try Wire.decode(AdminEvent.self, from: try XCTUnwrap(bodies.first))
        XCTAssertEqual(envelope.body, AdminEvent(accountId: "a1", orgCode: "001", orgPath: "/001/", name: "李明", post: "组织委员",
                                                 mobile: "13800001111", active: true))
        let again = try Store(path: path, migrations: IdentityMigrations.register)
        XCTAssertEqual(try again.readSync { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM store_event WHERE type = ?", arguments: [IdentityEvent.adminChanged]) }, 1,
                       "once")
    }
}
