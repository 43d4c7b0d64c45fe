import Foundation
import Schema

/// A file to send as the HTTP response, made from a bus reply that carries it base64-encoded
/// (routes whose `RawExchange` response is `.file`, e.g. dues exports).
public struct FileReply: Sendable, Equatable {
    public var contentType: String
    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / RFC 8187).
    public var contentDisposition: String
    public var bytes: [UInt8]

    /// The file in `reply`, or `internal` when the reply does not hold one, or holds a media type the
    /// route does not document (the document must not promise what is not served).
    public static func make(_ reply: JSONValue, form: RawExchange.ResponseForm) -> Result<FileReply, ErrorBody> {
        guard case .file(let mediaTypes, let contentField, let typeField, let nameField) = form else {
            return .failure(ErrorBody.make(ErrorCode.internal, details: ["reason": "not_a_file_route"]))
        }
        guard case .string(let base64)? = reply[contentField], let data = Data(base64Encoded: base64),
              case .string(let contentType)? = reply[typeField], case .string(let name)? = reply[nameField], !name.isEmpty
        else {
            return .failure(ErrorBody.make(ErrorCode.internal, details: ["reason": "file_reply_malformed"]))
        }
        guard mediaTypes.contains(mediaType(of: contentType)) else {
            return .failure(ErrorBody.make(ErrorCode.internal, details: ["reason": "file_type_undocumented"]))
        }
        return .success(FileReply(contentType: contentType, contentDisposition: disposition(fileName: name), bytes: Array(data)))
    }

    /// `text/csv; charset=utf-8` → `text/csv`.
    public static func mediaType(of contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// An attachment named `fileName`: an ASCII fallback (anything else, and quotes and backslashes,
    /// become `_`) for old clients, and the real UTF-8 name percent-encoded.
    public static func disposition(fileName: String) -> String {
        let fallback = String(fileName.unicodeScalars.map { s -> Character in
            (s.value >= 0x20 && s.value < 0x7F && s != "\"" && s != "\\") ? Character(s) : "_"
        })
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(percentEncoded(fileName))"
    }

    /// RFC 8187 `attr-char` kept, every other UTF-8 byte as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let keep = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        var out = ""
        for byte in text.utf8 {
            if keep.contains(byte) { out.append(Character(UnicodeScalar(byte))) } else { out += String(format: "%%%02X", byte) }
        }
        return out
    }
}
