import Foundation

// The 党统 import over HTTP: an upload becomes a job that runs in the background, all or nothing,
// whose progress can be polled and whose errors can be downloaded by line and column.

/// The files as uploaded, base64 (their bytes are GBK or UTF-8, detected; both optional, not both absent).
public struct ImportStartRequest: Codable, Sendable, Equatable {
    /// The organizations CSV (组织代码, 组织名称, 组织类型, 上级组织代码, …).
    public var organizationsCsvBase64: String?
    /// The members CSV (姓名, 身份证号码, 人员类别, 所在支部代码, …).
    public var membersCsvBase64: String?
    public init(organizationsCsvBase64: String? = nil, membersCsvBase64: String? = nil) {
        self.organizationsCsvBase64 = organizationsCsvBase64
        self.membersCsvBase64 = membersCsvBase64
    }
}

public struct ImportJobRef: Codable, Sendable, Equatable {
    public var jobId: String
    public init(jobId: String) { self.jobId = jobId }
}

public enum ImportJobStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Waiting for its turn.
    case queued
    /// Checking every row, then writing.
    case running
    /// Everything imported.
    case succeeded
    /// Nothing imported: see `errorCount` and the error report.
    case failed
}

public struct ImportJobView: Codable, Sendable, Equatable {
    public var jobId: String
    public var status: ImportJobStatus
    /// Rows written so far (organizations + members), while running; `rowsTotal` once the rows are checked.
    public var rowsDone: Int
    public var rowsTotal: Int
    /// "UTF-8" or "GBK", per file sent.
    public var organizationsEncoding: String?
    public var membersEncoding: String?
    public var organizationsCreated: Int
    public var membersCreated: Int
    /// Problems found (nothing was imported when not 0); the whole list: the job's error report.
    public var errorCount: Int
    /// The first problem, to show at once.
    public var firstError: ImportRowError?
    /// Why the job failed when it was not the rows (e.g. the administrator lost the organization).
    public var failure: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(jobId: String, status: ImportJobStatus, rowsDone: Int, rowsTotal: Int, organizationsEncoding: String?,
                membersEncoding: String?, organizationsCreated: Int, membersCreated: Int, errorCount: Int,
                firstError: ImportRowError?, failure: String?, createdAt: Date, startedAt: Date?, finishedAt: Date?) {
        self.jobId = jobId; self.status = status; self.rowsDone = rowsDone; self.rowsTotal = rowsTotal
        self.organizationsEncoding = organizationsEncoding; self.membersEncoding = membersEncoding
        self.organizationsCreated = organizationsCreated; self.membersCreated = membersCreated
        self.errorCount = errorCount; self.firstError = firstError; self.failure = failure
        self.createdAt = createdAt; self.startedAt = startedAt; self.finishedAt = finishedAt
    }
}

/// The error report: a CSV (UTF-8 with a byte-order mark, as Excel opens it) of 文件, 行号, 列, 问题.
public typealias ImportErrorReport = ExportReply
