import Documents
import Foundation
import GRDB
import Schema
import Store

/// 回执: a photo or scan uploaded (stored by content hash in the data directory), or marked as
/// received by post; a missing one reminds the sending branch once.
public enum ReceiptStore {
    static func receipt(_ db: Database, _ transferId: String) throws -> LetterReceipt? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM receipt WHERE transferId = ?"), arguments: [transferId]).map { row in
            LetterReceipt(state: LetterReceiptState(rawValue: row["state"]) ?? .awaiting, dueAt: Date(timeIntervalSince1970: row["dueAt"]),
                          fileName: row["fileName"], contentType: row["contentType"], bytes: row["bytes"], sha256: row["sha256"],
                          receivedAt: (row["receivedAt"] as Double?).map(Date.init(timeIntervalSince1970:)), receivedBy: row["receivedBy"],
                          remindedAt: (row["remindedAt"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    public static func sniff(_ data: Data) -> (contentType: String, ext: String)? { ContentFiles.sniff(data) }

    static func file(_ directory: URL, sha256: String, ext: String) -> URL {
        ContentFiles.url(directory, sha256: sha256, ext: ext)
    }

    /// Uploads the 回执 (the member or an administrator in scope). The file is written first, then
    /// the row: a crash between leaves an unreferenced file, never a row without its file.
    public static func upload(_ db: Database, _ r: ReceiptUploadRequest, by actor: Actor, settings: TransfersSettings, directory: URL,
                              now: Date, requestId: String?) throws -> TransferView {
        let t = try Access.require(db, actor, r.transferId)
        guard let current = try receipt(db, t.id) else {
            throw ErrorBody.make(ErrorCode.transfersLetterNotFound, details: ["field": "body.transferId"])
        }
        guard current.state == .awaiting else {
            throw ErrorBody.make(ErrorCode.transfersReceiptDone, details: ["field": "body.transferId"])
        }
        // Base64 is 4 characters per 3 bytes: refuse what cannot fit before decoding it.
        guard r.contentBase64.count <= ContentFiles.base64Limit(settings.receiptMaxBytes) else {
            throw ErrorBody.make(ErrorCode.transfersReceiptTooLarge, details: ["field": "body.contentBase64", "max": "\(settings.receiptMaxBytes)"])
        }
        guard let data = Data(base64Encoded: r.contentBase64, options: .ignoreUnknownCharacters), !data.isEmpty,
              let (type, ext) = sniff(data)
        else { throw ErrorBody.make(ErrorCode.transfersReceiptTypeInvalid, details: ["field": "body.contentBase64"]) }
        guard data.count <= settings.receiptMaxBytes else {
            throw ErrorBody.make(ErrorCode.transfersReceiptTooLarge, details: ["field": "body.contentBase64", "max": "\(settings.receiptMaxBytes)"])
        }
        let sha = try ContentFiles.store(data, ext: ext, in: directory)
        let name = try Access.actorName(db, actor)
        let fileName = String((Checks.nonEmpty(r.fileName) ?? "回执.\(ext)").prefix(100))
        try db.cachedStatement(sql: """
            UPDATE receipt SET state = 'uploaded', fileName = ?, contentType = ?, bytes = ?, sha256 = ?, receivedAt = ?, receivedBy = ?
            WHERE transferId = ?
            """).execute(arguments: [fileName, type, data.count, sha, now.timeIntervalSince1970, name, t.id])
        try t.record(db, what: "receipt_uploaded", title: "上传介绍信回执", actorName: name, at: now, actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    /// 回执已邮寄收到 (an administrator in scope).
    public static func posted(_ db: Database, _ r: TransferDecision, by actor: Actor, now: Date, requestId: String?) throws -> TransferView {
        let t = try Access.require(db, actor, r.transferId)
        guard actor.kind == .admin || actor.kind == .service else { throw Access.forbidden(["field": "body.transferId"]) }
        guard let current = try receipt(db, t.id) else {
            throw ErrorBody.make(ErrorCode.transfersLetterNotFound, details: ["field": "body.transferId"])
        }
        guard current.state == .awaiting else {
            throw ErrorBody.make(ErrorCode.transfersReceiptDone, details: ["field": "body.transferId"])
        }
        let name = try Access.actorName(db, actor)
        try db.cachedStatement(sql: "UPDATE receipt SET state = 'posted', receivedAt = ?, receivedBy = ? WHERE transferId = ?").execute(arguments: [now.timeIntervalSince1970, name, t.id])
        try t.record(db, what: "receipt_posted", title: "回执已邮寄收到", actorName: name, comment: Checks.nonEmpty(r.comment), at: now,
                     actor: actor, requestId: requestId)
        return try Views.view(db, t)
    }

    public static func get(_ db: Database, _ r: TransferRef, by actor: Actor, directory: URL) throws -> ExportReply {
        let t = try Access.require(db, actor, r.transferId)
        guard let current = try receipt(db, t.id), current.state == .uploaded, let sha = current.sha256, let type = current.contentType,
              let ext = sniffExt(type), let data = FileManager.default.contents(atPath: file(directory, sha256: sha, ext: ext).path)
        else { throw ErrorBody.make(ErrorCode.transfersReceiptNotFound, details: ["field": "body.transferId"]) }
        return ExportReply(fileName: current.fileName ?? "回执.\(ext)", contentType: type, contentBase64: data.base64EncodedString(),
                           rows: 1)
    }

    static func sniffExt(_ contentType: String) -> String? {
        ["image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"][contentType]
    }

    /// Emits `transfers.receipt.overdue` once for each letter whose 回执 is still awaited after its due date.
    @discardableResult
    public static func remindOverdue(_ db: Database, now: Date) throws -> Int {
        let due = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.transferId, r.letterNumber, r.fromOrgCode, l.issuedAt FROM receipt r JOIN letter l ON l.number = r.letterNumber
            JOIN transfer t ON t.id = r.transferId
            WHERE r.state = 'awaiting' AND r.remindedAt IS NULL AND r.dueAt <= ? AND t.status = 'completed'
            """), arguments: [now.timeIntervalSince1970]).map { row in
            (row["transferId"] as String, row["letterNumber"] as String, row["fromOrgCode"] as String, row["issuedAt"] as Double)
        }
        for (transferId, number, fromOrgCode, issuedAt) in due {
            guard let t = try TransferRecord.fetch(db, transferId) else { continue }
            try db.cachedStatement(sql: "UPDATE receipt SET remindedAt = ? WHERE transferId = ?").execute(arguments: [now.timeIntervalSince1970, transferId])
            try EventWriter.append(db, type: TransfersEvent.receiptOverdue, body: ReceiptOverdueEvent(
                transferId: transferId, memberName: t.memberName, fromOrgCode: fromOrgCode, letterNumber: number,
                issuedAt: Date(timeIntervalSince1970: issuedAt)), actor: .service("transfers"))
            try db.cachedStatement(sql: "INSERT INTO transfer_history (transferId, what, title, actorName, at) VALUES (?, 'receipt_reminded', ?, '系统', ?)").execute(arguments: [transferId, "回执逾期未返回，已提醒党支部", now.timeIntervalSince1970])
        }
        return due.count
    }
}
