import Dues
import Foundation
import GRDB
import Schema
import Store
import XCTest

/// Months open on their window's first day by themselves, carrying each branch's standards forward.
final class MonthOpenerTests: XCTestCase {
    func testOpensTheNewMonthOnItsStartDayForBranchesWithAnEarlierMonthOnce() throws {
        let f = try DuesFixture()
        let s = f.settings
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 11, 16))
        try f.setAndSubmit(DuesFixture.branchB, "2026-11", f.employed(["b1", "b2", "b3"], base: 300_000), at: DuesFixture.at(2026, 11, 16))

        // Still November's window on 15 December: nothing to open.
        XCTAssertNil(try f.write { db in try MonthOpener.openDue(db, settings: s, now: DuesFixture.at(2026, 12, 15, 23, 59)) })

        let opened = try XCTUnwrap(try f.write { db in try MonthOpener.openDue(db, settings: s, now: DuesFixture.at(2026, 12, 16, 0, 1)) })
        XCTAssertEqual(opened.month, "2026-12")
        XCTAssertEqual(opened.branchesOpened, 2, "A and B; C never had a month, its administrator opens its first")
        XCTAssertEqual(opened.standardsCarried, 7)
        let a = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-12"), by: f.adminA) }
        XCTAssertEqual(a.status, .draft)
        XCTAssertEqual(a.items.count, 4)
        let c = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-12"), by: f.adminC) }
        XCTAssertNil(c.status)

        let event = try XCTUnwrap(try f.events(DuesEvent.monthOpened, as: MonthOpenedEvent.self).last)
        XCTAssertEqual(event, MonthOpenedEvent(month: "2026-12", orgCode: DuesFixture.root, branchesOpened: 2, standardsCarried: 7))

        // Checked again a minute later: nothing more, and no second event.
        let before = try f.events(DuesEvent.monthOpened, as: MonthOpenedEvent.self).count
        XCTAssertNil(try f.write { db in try MonthOpener.openDue(db, settings: s, now: DuesFixture.at(2026, 12, 16, 0, 2)) })
        XCTAssertEqual(try f.events(DuesEvent.monthOpened, as: MonthOpenedEvent.self).count, before)
    }

    func testABranchThatOpenedItsFirstMonthLateIsCaughtUpAtTheNextCheck() throws {
        let f = try DuesFixture()
        let s = f.settings
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 11, 16))
        _ = try f.write { db in try MonthOpener.openDue(db, settings: s, now: DuesFixture.at(2026, 12, 16)) }
        // Branch C saves its first month (November) only on 20 December.
        try f.setAndSubmit(DuesFixture.branchC, "2026-11", f.employed(["c1", "c2", "c3"], base: 300_000), at: DuesFixture.at(2026, 12, 20))
        let opened = try XCTUnwrap(try f.write { db in try MonthOpener.openDue(db, settings: s, now: DuesFixture.at(2026, 12, 20, 10, 1)) })
        XCTAssertEqual(opened.branchesOpened, 1)
        let c = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchC, month: "2026-12"), by: f.adminC) }
        XCTAssertEqual(c.items.map(\.memberId).sorted(), ["c1", "c2", "c3"])
    }

    func testTheSettingTurnsItOff() throws {
        let f = try DuesFixture()
        f.settings.openMonthsAutomatically = false
        let s = f.settings
        try f.setAndSubmit(DuesFixture.branchA, "2026-11", f.employed(["a1", "a2", "a3", "a4"], base: 300_000), at: DuesFixture.at(2026, 11, 16))
        XCTAssertNil(try f.write { db in try MonthOpener.openDue(db, settings: s, now: DuesFixture.at(2026, 12, 16)) })
        let a = try f.read { db in try Standards.get(db, BranchMonthRef(orgCode: DuesFixture.branchA, month: "2026-12"), by: f.adminA) }
        XCTAssertNil(a.status)
    }
}
