import Foundation
import GRDB
import Schema
import Store

/// A transfer's row: what `transfer` holds. Loaded and saved whole inside one transaction.
struct TransferRecord: Sendable {
    var id: String
    var kind: TransferKind
    var status: TransferStatus
    var memberId: String?
    var memberName: String
    var fromOrgCode: String?
    var fromOrgPath: String?
    var fromOrgName: String
    var toOrgCode: String?
    var toOrgPath: String?
    var toOrgName: String
    var toUnit: String
    var toOrgTitle: String?
    var reason: String
    var openedBy: String
    var openedById: String
    var currentStep: Int?
    var waitingOrgCode: String?
    var waitingAction: StepAction?
    var revision: Int
    var revokerOrgCode: String?
    var pendingAction: String?
    var applicant: InboundApplicant?
    var accessHash: String?
    var createdAt: Date
    var updatedAt: Date
    var completedAt: Date?

    static let columns = """
        id, kind, status, memberId, memberName, fromOrgCode, fromOrgPath, fromOrgName, toOrgCode, toOrgPath, toOrgName,
        toUnit, toOrgTitle, reason, openedBy, openedById, currentStep, waitingOrgCode, waitingAction, revision,
        revokerOrgCode, pendingAction, applicant, accessHash, createdAt, updatedAt, completedAt
        """

    init(id: String, kind: TransferKind, memberId: String?, memberName: String, openedBy: String, openedById: String,
         reason: String, now: Date) {
        self.id = id; self.kind = kind; status = .pending; self.memberId = memberId; self.memberName = memberName
        fromOrgName = ""; toOrgName = ""; toUnit = ""; self.reason = reason; self.openedBy = openedBy
        self.openedById = openedById; revision = 1; createdAt = now; updatedAt = now
    }

    init(row: Row) throws {
        id = row["id"]
        kind = TransferKind(rawValue: row["kind"]) ?? .withinCity
        status = TransferStatus(rawValue: row["status"]) ?? .pending
        memberId = row["memberId"]; memberName = row["memberName"]
        fromOrgCode = row["fromOrgCode"]; fromOrgPath = row["fromOrgPath"]; fromOrgName = row["fromOrgName"]
        toOrgCode = row["toOrgCode"]; toOrgPath = row["toOrgPath"]; toOrgName = row["toOrgName"]
        toUnit = row["toUnit"]; toOrgTitle = row["toOrgTitle"]; reason = row["reason"]
        openedBy = row["openedBy"]; openedById = row["openedById"]; currentStep = row["currentStep"]
        waitingOrgCode = row["waitingOrgCode"]; waitingAction = (row["waitingAction"] as String?).flatMap(StepAction.init(rawValue:))
        revision = row["revision"]; revokerOrgCode = row["revokerOrgCode"]; pendingAction = row["pendingAction"]
        applicant = try (row["applicant"] as String?).map { try JSONDecoder().decode(InboundApplicant.self, from: Data($0.utf8)) }
        accessHash = row["accessHash"]
        createdAt = Date(timeIntervalSince1970: row["createdAt"]); updatedAt = Date(timeIntervalSince1970: row["updatedAt"])
        completedAt = (row["completedAt"] as Double?).map(Date.init(timeIntervalSince1970:))
    }

    static func fetch(_ db: Database, _ id: String) throws -> TransferRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM transfer WHERE id = ?", arguments: [id]) else { return nil }
        return try TransferRecord(row: row)
    }

    var arguments: StatementArguments { StatementArguments(values) }

    /// The columns' values in `columns` order.
    var values: [(any DatabaseValueConvertible)?] {
        let applicantJSON = applicant.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        let values: [(any DatabaseValueConvertible)?] = [
            id, kind.rawValue, status.rawValue, memberId, memberName, fromOrgCode, fromOrgPath, fromOrgName, toOrgCode,
            toOrgPath, toOrgName, toUnit, toOrgTitle, reason, openedBy, openedById, currentStep, waitingOrgCode,
            waitingAction?.rawValue, revision, revokerOrgCode, pendingAction, applicantJSON, accessHash,
            createdAt.timeIntervalSince1970, updatedAt.timeIntervalSince1970, completedAt?.timeIntervalSince1970,
        ]
        return values
    }

    func insert(_ db: Database) throws {
        do {
            try db.execute(sql: "INSERT INTO transfer (\(Self.columns)) VALUES (\(Array(repeating: "?", count: 27).joined(separator: ",")))",
                           arguments: arguments)
            try TransferScope.write(db, self)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ErrorBody.make(ErrorCode.transfersAlreadyOpen, details: ["memberId": memberId ?? ""])
        }
    }

    /// Writes the row back (an UPDATE: REPLACE would silently delete a row clashing on the one-open-transfer index).
    func save(_ db: Database) throws {
        let names = Self.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let assignments = names.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")
        var values = self.values
        // `arguments` lists the id first; the UPDATE wants it last.
        values.append(values.removeFirst())
        do {
            try db.execute(sql: "UPDATE transfer SET \(assignments) WHERE id = ?", arguments: StatementArguments(values))
            try TransferScope.write(db, self)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ErrorBody.make(ErrorCode.transfersAlreadyOpen, details: ["memberId": memberId ?? ""])
        }
    }

    // MARK: Steps and history

    static func steps(_ db: Database, _ id: String) throws -> [TransferStep] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM transfer_step WHERE transferId = ? ORDER BY idx"), arguments: [id]).map { row in
            TransferStep(index: row["idx"], action: StepAction(rawValue: row["action"]) ?? .review, orgCode: row["orgCode"],
                         orgName: row["orgName"], state: StepState(rawValue: row["state"]) ?? .upcoming,
                         actorName: row["actorName"], actedAt: (row["actedAt"] as Double?).map(Date.init(timeIntervalSince1970:)),
                         comment: row["comment"])
        }
    }

    static func saveSteps(_ db: Database, _ id: String, _ steps: [TransferStep]) throws {
        try db.cachedStatement(sql: "DELETE FROM transfer_step WHERE transferId = ?").execute(arguments: [id])
        for s in steps {
            try db.cachedStatement(sql: """
                INSERT INTO transfer_step (transferId, idx, action, orgCode, orgName, state, actorName, actedAt, comment)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id, s.index, s.action.rawValue, s.orgCode, s.orgName, s.state.rawValue, s.actorName,
                                 s.actedAt?.timeIntervalSince1970, s.comment])
        }
    }

    static func history(_ db: Database, _ id: String) throws -> [TransferEventEntry] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM transfer_history WHERE transferId = ? ORDER BY seq"), arguments: [id]).map { row in
            TransferEventEntry(what: row["what"], title: row["title"], actorName: row["actorName"], comment: row["comment"],
                               at: Date(timeIntervalSince1970: row["at"]))
        }
    }

    /// Appends a history entry and emits `transfers.transfer.changed`, in the caller's transaction.
    func record(_ db: Database, what: String, title: String, actorName: String?, comment: String? = nil, at: Date,
                actor: Actor?, requestId: String?) throws {
        try db.cachedStatement(sql: "INSERT INTO transfer_history (transferId, what, title, actorName, comment, at) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [id, what, title, actorName, comment, at.timeIntervalSince1970])
        let event = TransferChangedEvent(transferId: id, kind: kind, status: status, what: what, memberId: memberId,
                                         memberName: memberName, fromOrgCode: fromOrgCode, toOrgCode: toOrgCode,
                                         waitingOrgCode: waitingOrgCode, waitingAction: waitingAction, comment: comment)
        try EventWriter.append(db, type: TransfersEvent.changed, body: event, actor: actor, correlationId: requestId)
    }
}
