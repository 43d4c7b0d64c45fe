import Foundation
import GRDB
@testable import Identity
import Schema
import XCTest

/// The 党统 import over HTTP as a job: GBK or UTF-8 detected and reported, all or nothing, progress
/// while running, errors by line and column in a downloadable report, scope.
final class DirectoryImportJobTests: XCTestCase {
    typealias F = DirectoryFixture
    static let gbk = String.Encoding(rawValue: 0x8000_0632)
    static let memberHeader = DirectoryImportTests.memberHeader

    func members(_ rows: [String]) -> String { ([Self.memberHeader] + rows).joined(separator: "\r\n") + "\r\n" }

    func start(_ f: F, members: Data, by actor: Actor) throws -> ImportJobView {
        try f.write { db in
            try ImportJobs.start(db, ImportStartRequest(membersCsvBase64: members.base64EncodedString()), by: actor, now: f.now)
        }
    }

    func testAGBKFileIsDetectedImportedAndReported() async throws {
        let f = try F()
        let text = members([
            "孙七,\(F.idNumber(1)),汉族,13911110001,正式党员,2001-07-01,\(F.branchA),国土资源局,书记",
            "周八,\(F.idNumber(2)),满族,,预备党员,2024/6/30,\(F.branchB),国土资源局,",
        ])
        let bytes = try XCTUnwrap(text.data(using: Self.gbk))
        XCTAssertNil(String(data: bytes, encoding: .utf8), "the test file really is GBK")
        let job = try start(f, members: bytes, by: f.worksAdmin)
        XCTAssertEqual(job.status, .queued)
        XCTAssertEqual(job.membersEncoding, "GBK")
        XCTAssertNil(job.organizationsEncoding)

        let progress = ImportProgress()
        let ran = try await ImportJobs.runNext(f.store, progress: progress)
        XCTAssertTrue(ran)
        let done = try f.read { db in try ImportJobs.get(db, ImportJobRef(jobId: job.jobId), by: f.worksAdmin, progress: progress) }
        XCTAssertEqual(done.status, .succeeded)
        XCTAssertEqual(done.membersCreated, 2)
        XCTAssertEqual(done.rowsDone, 2)
        XCTAssertEqual(done.rowsTotal, 2)
        XCTAssertEqual(done.errorCount, 0)
        XCTAssertNotNil(done.finishedAt)
        let sun = try f.read { db in try Members.search(db, MemberSearch(name: "孙七"), by: f.city) }
        XCTAssertEqual(sun.items.map(\.orgCode), [F.branchA], "the GBK name was read as 孙七")
        XCTAssertEqual(try f.count("import_job", "membersCSV IS NULL"), 1, "the file is not kept once imported")
        let idle = try await ImportJobs.runNext(f.store, progress: progress)
        XCTAssertFalse(idle, "a job runs once")
    }

    func testUTF8WithAByteOrderMarkIsUTF8() throws {
        XCTAssertEqual(ImportFile.decode(Data([0xEF, 0xBB, 0xBF]) + Data("姓名".utf8)), ImportFile(text: "姓名", encoding: "UTF-8"))
        XCTAssertEqual(ImportFile.decode("姓名".data(using: Self.gbk)!), ImportFile(text: "姓名", encoding: "GBK"))
        XCTAssertNil(ImportFile.decode(Data([0xFF, 0xFF, 0xFF])), "neither UTF-8 nor GBK")
    }

    func testAFileWithErrorsImportsNothingAndItsReportNamesLineAndColumn() async throws {
        let f = try F()
        let before = try f.count("member")
        let text = members([
            "孙七,\(F.idNumber(1)),汉族,13911110001,正式党员,2001-07-01,\(F.branchA),国土资源局,",
            "周八,110101199001011234,满族,,预备党员,2024/6/30,\(F.branchB),国土资源局,",
            "吴九,\(F.idNumber(3)),汉族,,正式党员,2010-01-01,009009,国土资源局,",
        ])
        let job = try start(f, members: Data(text.utf8), by: f.worksAdmin)
        XCTAssertEqual(job.membersEncoding, "UTF-8")
        try await ImportJobs.runNext(f.store, progress: ImportProgress())
        let failed = try f.read { db in try ImportJobs.get(db, ImportJobRef(jobId: job.jobId), by: f.worksAdmin, progress: ImportProgress()) }
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.errorCount, 2)
        XCTAssertEqual(failed.firstError?.line, 3)
        XCTAssertEqual(failed.firstError?.column, DirectoryImport.MemberColumn.idNumber)
        XCTAssertEqual(failed.membersCreated, 0)
        XCTAssertEqual(try f.count("member"), before, "all or nothing")

        let report = try f.read { db in try ImportJobs.errorReport(db, ImportJobRef(jobId: job.jobId), by: f.worksAdmin) }
        XCTAssertEqual(report.rows, 2)
        XCTAssertEqual(report.contentType, "text/csv")
        let csv = String(decoding: try XCTUnwrap(Data(base64Encoded: report.contentBase64)), as: UTF8.self)
        let lines = csv.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.first, "\u{FEFF}文件,行号,列,问题")
        XCTAssertTrue(lines[1].hasPrefix("党员,3,身份证号码,"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("党员,4,所在支部代码,"), lines[2])
    }

    func testWhileRunningTheJobShowsLiveProgressAndAnInterruptedJobRunsAgain() async throws {
        let f = try F()
        let job = try start(f, members: Data(members(["孙七,\(F.idNumber(1)),汉族,,正式党员,2001-07-01,\(F.branchA),,"]).utf8), by: f.adminA)
        // As a process that stopped mid-import leaves it: running, its transaction rolled back.
        try f.write { db in try db.execute(sql: "UPDATE import_job SET status = 'running' WHERE id = ?", arguments: [job.jobId]) }
        let progress = ImportProgress()
        progress.update(job.jobId, done: 40, total: 120)
        let live = try f.read { db in try ImportJobs.get(db, ImportJobRef(jobId: job.jobId), by: f.adminA, progress: progress) }
        XCTAssertEqual(live.status, .running)
        XCTAssertEqual([live.rowsDone, live.rowsTotal], [40, 120])
        progress.finish(job.jobId)

        try await ImportJobs.requeueInterrupted(f.store)
        try await ImportJobs.runNext(f.store, progress: progress)
        let done = try f.read { db in try ImportJobs.get(db, ImportJobRef(jobId: job.jobId), by: f.adminA, progress: progress) }
        XCTAssertEqual(done.status, .succeeded)
        XCTAssertEqual(done.membersCreated, 1)
    }

    func testOnlyAdministratorsOverTheStartersOrganizationSeeAJobAndBadFilesAreRefused() throws {
        let f = try F()
        let job = try start(f, members: Data(members([]).utf8), by: f.generalAdmin)
        for outsider in [f.adminB, f.districtAdmin] {
            assertError(ErrorCode.identityImportJobNotFound, field: "body.jobId") {
                _ = try f.read { db in try ImportJobs.get(db, ImportJobRef(jobId: job.jobId), by: outsider, progress: ImportProgress()) }
            }
            assertError(ErrorCode.identityImportJobNotFound, field: "body.jobId") {
                _ = try f.read { db in try ImportJobs.errorReport(db, ImportJobRef(jobId: job.jobId), by: outsider) }
            }
        }
        XCTAssertEqual(try f.read { db in try ImportJobs.get(db, ImportJobRef(jobId: job.jobId), by: f.worksAdmin, progress: ImportProgress()) }.jobId,
                       job.jobId, "a higher organization sees it")

        let jobs = try f.count("import_job")
        assertError(ErrorCode.identityImportFileInvalid, field: "body.membersCsvBase64") {
            try f.write { db in try ImportJobs.start(db, ImportStartRequest(membersCsvBase64: "////"), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityImportFileInvalid, field: "body.organizationsCsvBase64") {
            try f.write { db in try ImportJobs.start(db, ImportStartRequest(organizationsCsvBase64: "%%%"), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityImportFileInvalid, field: "body.membersCsvBase64") {
            try f.write { db in try ImportJobs.start(db, ImportStartRequest(), by: f.adminA, now: f.now) }
        }
        assertError(ErrorCode.identityForbidden) {
            try f.write { db in try ImportJobs.start(db, ImportStartRequest(membersCsvBase64: "YQ=="), by: Actor(kind: .member, id: "m"), now: f.now) }
        }
        XCTAssertEqual(try f.count("import_job"), jobs, "a refused upload stores nothing")
    }
}
