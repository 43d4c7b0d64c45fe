import Foundation
import GRDB
import Schema
import Store
import Synchronization

/// The 党统 import as a background job: `start` stores the decoded files and answers at once;
/// `ImportJobs.runNext` (the identity executable's import worker) runs one job — DirectoryImport in
/// one transaction, all or nothing, and the job's outcome in that same transaction; `view` reports
/// progress, which lives in memory (`ImportProgress`) while the writing transaction is open.
public enum ImportJobs {
    // MARK: Requests

    public static func start(_ db: Database, _ request: ImportStartRequest, by actor: Actor, now: Date,
                             requestId: String? = nil) throws -> ImportJobView {
        try Scope.requireAdministrator(actor)
        guard actor.kind == .admin, let orgCode = actor.orgCode else { throw Scope.forbidden(nil, reason: "not_admin") }
        let orgs = try ImportFile.decode(base64: request.organizationsCsvBase64, field: "body.organizationsCsvBase64")
        let members = try ImportFile.decode(base64: request.membersCsvBase64, field: "body.membersCsvBase64")
        guard orgs != nil || members != nil else {
            throw ErrorBody.make(ErrorCode.identityImportFileInvalid, details: ["field": "body.membersCsvBase64"],
                                 message: "请上传组织文件或党员文件")
        }
        let id = Directory.newID()
        try db.cachedStatement(sql: """
            INSERT INTO import_job (id, status, actorId, orgCode, organizationsCSV, membersCSV, organizationsEncoding,
                                    membersEncoding, createdAt)
            VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, actor.id, orgCode, orgs?.text, members?.text, orgs?.encoding, members?.encoding,
                             now.timeIntervalSince1970])
        return try view(db, id, live: nil)
    }

    /// An administrator over the organization of the administrator who started it.
    public static func get(_ db: Database, _ request: ImportJobRef, by actor: Actor, progress: ImportProgress) throws -> ImportJobView {
        try requireJob(db, request.jobId, by: actor)
        return try view(db, request.jobId, live: progress.current(request.jobId))
    }

    public static func errorReport(_ db: Database, _ request: ImportJobRef, by actor: Actor) throws -> ImportErrorReport {
        try requireJob(db, request.jobId, by: actor)
        let errors = rowErrors(try String.fetchOne(db.cachedStatement(sql: "SELECT errors FROM import_job WHERE id = ?"), arguments: [request.jobId]))
        var csv = "\u{FEFF}文件,行号,列,问题\r\n"
        for e in errors {
            let file = e.file == DirectoryImport.orgFile ? "组织" : "党员"
            csv += [file, String(e.line), e.column, e.reason].map(CSV.quote).joined(separator: ",") + "\r\n"
        }
        return ImportErrorReport(fileName: "导入错误报告-\(request.jobId.prefix(8)).csv", contentType: "text/csv",
                                 contentBase64: Data(csv.utf8).base64EncodedString(), rows: errors.count)
    }

    /// The job's stored problems (the `errors` column, JSON).
    static func rowErrors(_ json: String?) -> [ImportRowError] {
        json.flatMap { try? JSONDecoder().decode([ImportRowError].self, from: Data($0.utf8)) } ?? []
    }

    static func requireJob(_ db: Database, _ id: String, by actor: Actor) throws {
        try Scope.requireAdministrator(actor)
        guard let orgCode = try String.fetchOne(db.cachedStatement(sql: "SELECT orgCode FROM import_job WHERE id = ?"), arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.identityImportJobNotFound, details: ["field": "body.jobId"])
        }
        let decision = try Scope.organization(db, actor, code: orgCode)
        guard decision.allowed else {
            // Someone else's job is as good as absent.
            throw ErrorBody.make(ErrorCode.identityImportJobNotFound, details: ["field": "body.jobId"])
        }
    }

    static func view(_ db: Database, _ id: String, live: (done: Int, total: Int)?) throws -> ImportJobView {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM import_job WHERE id = ?"), arguments: [id]) else {
            throw ErrorBody.make(ErrorCode.identityImportJobNotFound, details: ["field": "body.jobId"])
        }
        let status = ImportJobStatus(rawValue: row["status"]) ?? .queued
        let errors = rowErrors(row["errors"])
        func date(_ column: String) -> Date? { (row[column] as Double?).map { Date(timeIntervalSince1970: $0) } }
        let stored = (done: row["rowsDone"] as Int, total: row["rowsTotal"] as Int)
        let progress = status == .running ? (live ?? stored) : stored
        return ImportJobView(jobId: id, status: status, rowsDone: progress.done, rowsTotal: progress.total,
                             organizationsEncoding: row["organizationsEncoding"], membersEncoding: row["membersEncoding"],
                             organizationsCreated: row["organizationsCreated"], membersCreated: row["membersCreated"],
                             errorCount: errors.count, firstError: errors.first, failure: row["failure"],
                             createdAt: Date(timeIntervalSince1970: row["createdAt"]), startedAt: date("startedAt"),
                             finishedAt: date("finishedAt"))
    }

    // MARK: The worker

    /// Jobs a stopped process left running were rolled back with it: they run again from the start.
    public static func requeueInterrupted(_ store: Store) async throws {
        try await store.write { db in try db.cachedStatement(sql: "UPDATE import_job SET status = 'queued' WHERE status = 'running'").execute() }
    }

    /// Claims the oldest queued job and runs it; false when there was none.
    @discardableResult
    public static func runNext(_ store: Store, progress: ImportProgress, now: @Sendable () -> Date = Date.init) async throws -> Bool {
        let claimed = try await store.write { db -> String? in
            guard let id = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM import_job WHERE status = 'queued' ORDER BY createdAt, id LIMIT 1"))
            else { return nil }
            try db.cachedStatement(sql: "UPDATE import_job SET status = 'running', startedAt = ? WHERE id = ? AND status = 'queued'").execute(arguments: [now().timeIntervalSince1970, id])
            return db.changesCount == 1 ? id : nil
        }
        guard let id = claimed else { return false }
        progress.update(id, done: 0, total: 0)
        defer { progress.finish(id) }
        do {
            try await store.write { db in
                let job = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM import_job WHERE id = ?"), arguments: [id])!
                let actor = Actor(kind: .admin, id: job["actorId"], orgCode: job["orgCode"])
                let reply = try DirectoryImport.run(db, organizationsCSV: job["organizationsCSV"], membersCSV: job["membersCSV"],
                                                    by: actor, now: now(), requestId: "import-\(id)") { done, total in
                    progress.update(id, done: done, total: total)
                }
                // Nothing was written when there are errors; either way the outcome commits with the data.
                let errors = String(decoding: try JSONEncoder().encode(reply.errors), as: UTF8.self)
                let total = reply.organizationsCreated + reply.membersCreated
                try db.cachedStatement(sql: """
                    UPDATE import_job SET status = ?, rowsDone = ?, rowsTotal = ?, organizationsCreated = ?, membersCreated = ?,
                        errors = ?, finishedAt = ?, organizationsCSV = NULL, membersCSV = NULL WHERE id = ?
                    """).execute(arguments: [reply.errors.isEmpty ? "succeeded" : "failed", total, total, reply.organizationsCreated,
                                     reply.membersCreated, errors, now().timeIntervalSince1970, id])
            }
        } catch {
            let reason = (error as? ErrorBody)?.message ?? "导入失败"
            try await store.write { db in
                try db.cachedStatement(sql: """
                    UPDATE import_job SET status = 'failed', failure = ?, finishedAt = ?, organizationsCSV = NULL, membersCSV = NULL
                    WHERE id = ?
                    """).execute(arguments: [reason, now().timeIntervalSince1970, id])
            }
        }
        return true
    }
}

/// Rows written so far by the running jobs of this process, readable while their transaction is open.
public final class ImportProgress: Sendable {
    private let jobs = Mutex<[String: (done: Int, total: Int)]>([:])
    public init() {}
    func update(_ id: String, done: Int, total: Int) { jobs.withLock { $0[id] = (done, total) } }
    func finish(_ id: String) { _ = jobs.withLock { $0.removeValue(forKey: id) } }
    func current(_ id: String) -> (done: Int, total: Int)? { jobs.withLock { $0[id] } }
}
