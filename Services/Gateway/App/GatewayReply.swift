import GatewayCore
import HTTPTypes
import Hummingbird
import Schema

/// How the gateway's responses look: JSON with `no-store`, files as attachments, errors as
/// `{code, message, details}` with the status their code declares.
enum GatewayReply {
    static let contentDisposition = HTTPField.Name("Content-Disposition")!

    static func json<Bytes: Sequence>(_ bytes: Bytes, status: HTTPResponse.Status = .ok) -> Response where Bytes.Element == UInt8 {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func json(_ value: JSONValue) -> Response { json(JSONWriter.bytes(value)) }

    /// A non-JSON reply: a provider's acknowledgement, a text, or a file (an attachment).
    static func raw(_ body: RawExchange.ReplyBody) -> Response {
        var headers: HTTPFields = [.contentType: body.contentType, .cacheControl: "no-store"]
        if let disposition = body.disposition { headers[contentDisposition] = disposition }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.bytes)))
    }

    static func error(_ body: ErrorBody, headers extra: HTTPFields = [:]) -> Response {
        let status = ErrorStatus.status(for: body.code)
        var object: [String: JSONValue] = ["code": .string(body.code), "message": .string(body.message)]
        object["details"] = .object(body.details.mapValues { .string($0) })
        var response = json(JSONWriter.bytes(.object(object)),
                            status: HTTPResponse.Status(code: status, reasonPhrase: ErrorStatus.reason(status)))
        for field in extra { response.headers[field.name] = field.value }
        return response
    }
}
