import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import Schema

/// 数据导入: the 党统 CSV files uploaded as a form become the same identity.import.start the JSON
/// route `POST /api/v1/imports` calls (the files base64); the job's page shows its progress, which
/// the script polls (`/progress`, JSON) and a link refreshes without script; the error report is a
/// download.
struct ImportRoutes: Sendable {
    let portal: PortalState

    func add(to group: RouterGroup<GatewayContext>) {
        group.get("/admin/imports", use: form)
        group.post("/admin/imports", use: start)
        group.get("/admin/imports/{jobId}", use: job)
        group.get("/admin/imports/{jobId}/progress", use: progress)
        group.get("/admin/imports/{jobId}/errors", use: errors)
    }

    func page(_ visit: Visit, _ session: SignedIn, error: ErrorBody? = nil) async -> Response {
        var data = await portal.adminPage(visit, session, title: "数据导入", current: "/admin/imports")
        data["formError"] = OrgAdminKit.some(error?.message)
        return visit.finish(portal.pages.html("oa_import", data, status: error.map(LoginRoutes.status) ?? .ok))
    }

    @Sendable func form(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        return await page(visit, session)
    }

    @Sendable func start(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let form = try await portal.multipartForm(request, visit: visit)
        // A file input left empty is sent as an empty part: not given.
        func file(_ name: String) -> String? {
            guard let bytes = form.files[name]?.bytes, !bytes.isEmpty else { return nil }
            return Data(bytes).base64EncodedString()
        }
        do throws(ErrorBody) {
            let job = try await portal.gateway.call(IdentityAPI.importStart,
                                                    ImportStartRequest(organizationsCsvBase64: file("organizations"),
                                                                       membersCsvBase64: file("members")),
                                                    actor: session.actor)
            return visit.finish(Pages.redirect("/admin/imports/\(OrgAdminKit.escape(job.jobId))"))
        } catch {
            return await page(visit, session, error: error)
        }
    }

    /// What the page and the script show of a job.
    struct Progress: Encodable {
        var status: String
        var statusText: String
        var rowsDone: Int
        var rowsTotal: Int
        var percent: Int
        var finished: Bool

        init(_ job: ImportJobView) {
            status = job.status.rawValue
            statusText = Self.statusText(job.status)
            rowsDone = job.rowsDone
            rowsTotal = job.rowsTotal
            finished = job.status == .succeeded || job.status == .failed
            percent = finished ? 100 : job.rowsTotal > 0 ? min(99, job.rowsDone * 100 / job.rowsTotal) : 0
        }

        static func statusText(_ status: ImportJobStatus) -> String {
            switch status {
            case .queued: "排队中"
            case .running: "导入中"
            case .succeeded: "导入成功"
            case .failed: "导入失败，未导入任何数据"
            }
        }
    }

    @Sendable func job(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let jobId = OrgAdminKit.parameter(context, "jobId")
        let job = try await portal.gateway.call(IdentityAPI.importJob, ImportJobRef(jobId: jobId), actor: session.actor)
        let progress = Progress(job)
        var data = await portal.adminPage(visit, session, title: "导入任务", current: "/admin/imports")
        let encodings = [job.organizationsEncoding.map { "组织文件 \($0)" }, job.membersEncoding.map { "党员文件 \($0)" }]
            .compactMap { $0 }.joined(separator: "，")
        data["job"] = [
            "jobId": job.jobId, "status": progress.status, "statusText": progress.statusText, "percent": progress.percent,
            "rowsDone": job.rowsDone, "rowsTotal": job.rowsTotal, "running": !progress.finished,
            "succeeded": job.status == .succeeded, "failed": job.status == .failed,
            "organizationsCreated": job.organizationsCreated, "membersCreated": job.membersCreated,
            "hasErrors": job.errorCount > 0, "errorCount": job.errorCount,
            "firstError": OrgAdminKit.some(job.firstError.map { "\($0.file == "members" ? "党员文件" : "组织文件") 第 \($0.line) 行\($0.column.isEmpty ? "" : "「\($0.column)」")：\($0.reason)" }),
            "failure": OrgAdminKit.some(job.failure),
            "encodings": OrgAdminKit.some(encodings.isEmpty ? nil : encodings),
            "createdAt": Format.dateTime(job.createdAt),
        ] as [String: Any]
        return visit.finish(portal.pages.html("oa_import_job", data))
    }

    @Sendable func progress(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let job = try await portal.gateway.call(IdentityAPI.importJob, ImportJobRef(jobId: OrgAdminKit.parameter(context, "jobId")),
                                                actor: session.actor)
        return visit.finish(OrgAdminKit.json(Progress(job)))
    }

    /// The report identity wrote (文件, 行号, 列, 问题), as a download.
    @Sendable func errors(_ request: Request, context: GatewayContext) async throws -> Response {
        let (visit, session) = try await portal.signedIn(request, as: .admin)
        let report = try await portal.gateway.call(IdentityAPI.importErrors, ImportJobRef(jobId: OrgAdminKit.parameter(context, "jobId")),
                                                   actor: session.actor)
        let bytes = Data(base64Encoded: report.contentBase64) ?? Data()
        return visit.finish(Response(status: .ok,
                                     headers: [.contentType: report.contentType, .contentDisposition: FileReply.disposition(fileName: report.fileName),
                                               .cacheControl: "no-store"],
                                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))))
    }
}
