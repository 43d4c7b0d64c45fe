import Foundation
import HTTPTypes
import Hummingbird
import Schema

/// A file a service answered (a letter's PDF, an uploaded receipt, a meeting photo, a ledger) as the
/// browser's download, or shown in place.
enum Download {
    /// A file the service answered (a letter's PDF, an uploaded receipt) as the browser's download.
    static func file(_ reply: ExportReply, inline: Bool = false) -> Response {
        let bytes = Data(base64Encoded: reply.contentBase64) ?? Data()
        let name = OrgAdminKit.escape(reply.fileName)
        return Response(status: .ok, headers: [
            .contentType: reply.contentType, .cacheControl: "no-store",
            .contentDisposition: "\(inline ? "inline" : "attachment"); filename*=UTF-8''\(name)",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
