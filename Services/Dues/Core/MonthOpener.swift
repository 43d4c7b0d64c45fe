import Foundation
import GRDB
import Schema
import Store

/// Opens each month on the first day of its paying window without anyone asking, so members see
/// what they owe on the 16th even where no administrator opened the month (the seeds' platforms
/// carry last month's standards over by themselves). A branch with no earlier month has nothing to
/// carry: its administrator opens its first month.
public enum MonthOpener {
    public static let actor = Actor(kind: .service, id: "dues-month-opener")

    /// Opens the month whose window is open at `now` for every branch that has an earlier month and
    /// is not open yet, one transaction; nil when there is nothing to open (no event then).
    public static func openDue(_ db: Database, settings: DuesSettings, now: Date) throws -> OpenMonthReply? {
        guard settings.openMonthsAutomatically else { return nil }
        let month = PayingCalendar(settings: settings).openMonth(at: now)
        let requestId = "month-opener:\(month)"
        var total = Standards.Opened(branches: 0, carried: 0, flagged: 0)
        for root in try Row.fetchAll(db.cachedStatement(sql: "SELECT code, path FROM org WHERE parentCode IS NULL ORDER BY code")) {
            let opened = try Standards.carryForward(db, scopePath: root["path"], month: month, settings: settings, now: now,
                                                    actor: actor, requestId: requestId, onlyWithEarlierStandards: true)
            guard opened.branches > 0 else { continue }
            total.branches += opened.branches
            total.carried += opened.carried
            total.flagged += opened.flagged
            try EventWriter.append(db, type: DuesEvent.monthOpened, body: MonthOpenedEvent(
                month: month.description, orgCode: root["code"], branchesOpened: opened.branches, standardsCarried: opened.carried),
                actor: actor, correlationId: requestId)
        }
        guard total.branches > 0 else { return nil }
        return OpenMonthReply(month: month.description, branchesOpened: total.branches,
                              standardsCarried: total.carried, membersFlagged: total.flagged)
    }
}
