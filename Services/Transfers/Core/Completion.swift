import Foundation
import GRDB
import Logging
import Schema
import Store

/// Applies approved transfers (and 撤销) in identity, exactly once even if the process dies at any
/// moment: the decision left a row in the outbox (`pendingAction`) in its own transaction; this
/// calls identity with a request id fixed by the transfer and its revision (identity applies a
/// request id once and answers a repeat with its first reply), then marks the transfer done in one
/// transaction conditional on the outbox row still being there. Run right after each decision and
/// by the sweeper; running it twice, or in two processes at once, changes nothing more.
public struct Completion: Sendable {
    public static let completeAction = "complete"
    public static let revokeAction = "revoke"

    let store: Store
    let identity: any IdentityPort
    let dues: any DuesPort
    let settings: TransfersSettings
    let logger: Logger

    public init(store: Store, identity: any IdentityPort, dues: any DuesPort, settings: TransfersSettings, logger: Logger) {
        self.store = store; self.identity = identity; self.dues = dues; self.settings = settings; self.logger = logger
    }

    /// Every transfer with work in the outbox. Returns how many were finished.
    @discardableResult
    public func runAll(now: @Sendable () -> Date = Date.init) async -> Int {
        let ids = (try? await store.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM transfer WHERE pendingAction IS NOT NULL ORDER BY updatedAt"))
        }) ?? []
        var done = 0
        for id in ids where await run(id, now: now()) { done += 1 }
        return done
    }

    /// Finishes one transfer's outbox work; false if there was none or it must be retried later.
    @discardableResult
    public func run(_ transferId: String, now: Date = Date()) async -> Bool {
        do {
            guard let t = try await store.read({ db in try TransferRecord.fetch(db, transferId) }), let action = t.pendingAction else {
                return false
            }
            let requestId = "transfer-\(t.id)-\(action)-\(t.revision)"
            if action == Self.revokeAction {
                try await restore(t, requestId: requestId)
                return try await store.write { db in try Self.markRestored(db, t.id, revision: t.revision, now: now) }
            }
            // The letter's facts first: a dues or identity failure here leaves nothing applied, and is retried.
            let facts: LetterFacts? = if t.kind == .outbound, let memberId = t.memberId {
                try await letterFacts(memberId: memberId, now: now)
            } else {
                nil
            }
            let newMemberId = try await apply(t, requestId: requestId)
            return try await store.write { db in
                try Self.markCompleted(db, t.id, revision: t.revision, newMemberId: newMemberId, facts: facts,
                                       settings: settings, now: now)
            }
        } catch {
            logger.warning("completing a transfer failed; retried next sweep", metadata: [
                "transferId": "\(transferId)", "error": "\((error as? ErrorBody)?.code ?? String(describing: type(of: error)))",
            ])
            if let refusal = error as? ErrorBody, !refusal.code.hasPrefix("bus.") {
                try? await store.write { db in try Self.noteRefusal(db, transferId, refusal, now: now) }
            }
            return false
        }
    }

    /// The change in identity; for inbound, the new member's id.
    func apply(_ t: TransferRecord, requestId: String) async throws(ErrorBody) -> String? {
        switch t.kind {
        case .withinCity, .withinUnit:
            guard let memberId = t.memberId, let to = t.toOrgCode else { return nil }
            _ = try await identity.reassign(ReassignMember(memberId: memberId, toOrgCode: to, reason: "组织关系转接（\(t.id)）"),
                                            requestId: requestId)
            return nil
        case .outbound:
            guard let memberId = t.memberId else { return nil }
            _ = try await identity.setStatus(ChangeMemberStatus(memberId: memberId, status: .transferredOut,
                                                                reason: "组织关系转出至\(t.toOrgTitle ?? t.toOrgName)（\(t.id)）"),
                                             requestId: requestId)
            return nil
        case .inbound:
            guard let a = t.applicant, let to = t.toOrgCode else { return nil }
            do throws(ErrorBody) {
                let created = try await identity.create(
                    CreateMember(idNumber: a.idNumber, name: a.name, ethnicity: a.ethnicity, phone: a.phone, memberType: a.memberType,
                                 joinDate: a.joinDate, orgCode: to, unit: a.unit ?? (t.toUnit.isEmpty ? nil : t.toUnit)),
                    requestId: requestId)
                return created.id
            } catch {
                guard error.code == ErrorCode.identityIdNumberTaken else { throw error }
                return try await readmit(t, applicant: a, to: to, requestId: requestId, taken: error)
            }
        }
    }

    /// Someone who once left the installation (转出, 删除) comes back: identity still holds their record,
    /// so it is restored to active and moved to the receiving branch instead of made anew. Both calls
    /// carry fixed request ids, so a retry after a crash finds them applied; a record that was active
    /// before (a member already here) makes identity refuse the restore, and the transfer waits.
    func readmit(_ t: TransferRecord, applicant a: InboundApplicant, to: String, requestId: String,
                 taken: ErrorBody) async throws(ErrorBody) -> String {
        guard let former = try await identity.memberId(holding: a.idNumber) else { throw taken }
        let restored = try await identity.setStatus(ChangeMemberStatus(memberId: former, status: .active, reason: "从市外转入（\(t.id)）"),
                                                    requestId: requestId + "-readmit")
        if restored.orgCode != to {
            _ = try await identity.reassign(ReassignMember(memberId: former, toOrgCode: to, reason: "从市外转入（\(t.id)）"),
                                            requestId: requestId + "-move")
        }
        return former
    }

    /// 撤销: the member back where they were.
    func restore(_ t: TransferRecord, requestId: String) async throws(ErrorBody) {
        guard let memberId = t.memberId else { return }
        switch t.kind {
        case .withinCity, .withinUnit:
            guard let from = t.fromOrgCode else { return }
            _ = try await identity.reassign(ReassignMember(memberId: memberId, toOrgCode: from, reason: "撤销组织关系转接（\(t.id)）"),
                                            requestId: requestId)
        case .outbound:
            _ = try await identity.setStatus(ChangeMemberStatus(memberId: memberId, status: .active, reason: "撤销组织关系转出（\(t.id)）"),
                                             requestId: requestId)
        case .inbound:
            _ = try await identity.setStatus(ChangeMemberStatus(memberId: memberId, status: .removed, reason: "撤销组织关系转入（\(t.id)）"),
                                             requestId: requestId)
        }
    }

    func letterFacts(memberId: String, now: Date) async throws(ErrorBody) -> LetterFacts {
        let paid = try await dues.paidThrough(memberId: memberId)
        let m = try await identity.member(memberId)
        return LetterFacts(sex: m.sex == .male ? "男" : "女", age: LetterFacts.age(birthDate: m.birthDate, now: now),
                           ethnicity: m.ethnicity, memberType: m.memberType == .full ? "正式" : "预备", idNumber: m.idNumber,
                           duesPaidThrough: paid)
    }

    static func markCompleted(_ db: Database, _ id: String, revision: Int, newMemberId: String?, facts: LetterFacts?,
                              settings: TransfersSettings, now: Date) throws -> Bool {
        guard var t = try TransferRecord.fetch(db, id), t.pendingAction == completeAction, t.revision == revision,
              t.status == .approved
        else { return false }
        t.status = .completed
        t.pendingAction = nil
        t.completedAt = now; t.updatedAt = now
        if let newMemberId { t.memberId = newMemberId }
        try t.save(db)
        let service = Actor.service("transfers")
        try t.record(db, what: "completed", title: "转接完成", actorName: "系统", at: now, actor: service, requestId: nil)
        if t.kind == .outbound, let facts {
            try LetterStore.issue(db, t, facts: facts, settings: settings, now: now)
        }
        return true
    }

    /// Identity refused the change (not a timeout): the timeline says why the transfer waits, once per
    /// distinct refusal, so its administrators can act (it is still tried every sweep).
    static func noteRefusal(_ db: Database, _ id: String, _ refusal: ErrorBody, now: Date) throws {
        let comment = "\(refusal.message)（\(refusal.code)）"
        let last = try String.fetchOne(db.cachedStatement(sql: "SELECT comment FROM transfer_history WHERE transferId = ? ORDER BY seq DESC LIMIT 1"),
                                       arguments: [id])
        guard last != comment else { return }
        try db.cachedStatement(sql: "INSERT INTO transfer_history (transferId, what, title, actorName, comment, at) VALUES (?, 'refused', ?, '系统', ?, ?)").execute(arguments: [id, "党员信息系统未能办理，将自动重试", comment, now.timeIntervalSince1970])
    }

    static func markRestored(_ db: Database, _ id: String, revision: Int, now: Date) throws -> Bool {
        guard var t = try TransferRecord.fetch(db, id), t.pendingAction == revokeAction, t.revision == revision else { return false }
        t.pendingAction = nil
        t.updatedAt = now
        try t.save(db)
        try t.record(db, what: "restored", title: "已恢复原组织关系", actorName: "系统", at: now, actor: .service("transfers"), requestId: nil)
        return true
    }
}

/// What the letter needs from identity and dues, asked before the letter is made.
public struct LetterFacts: Sendable, Equatable {
    public var sex: String
    public var age: Int
    public var ethnicity: String
    public var memberType: String
    public var idNumber: String
    public var duesPaidThrough: String?

    /// Whole years from yyyy-MM-dd to `now` (Beijing).
    static func age(birthDate: String, now: Date) -> Int {
        let parts = birthDate.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0 }
        let today = Checks.calendar.dateComponents([.year, .month, .day], from: now)
        var age = (today.year ?? 0) - parts[0]
        if (today.month ?? 0, today.day ?? 0) < (parts[1], parts[2]) { age -= 1 }
        return max(0, age)
    }
}
