import Foundation
import GatewayApp
import Hummingbird
import Schema

/// A posted `multipart/form-data` form (file uploads): its text fields and its files, read only
/// after its CSRF token checked.
struct MultipartForm {
    struct File {
        var fileName: String
        var bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    /// The parts of `body`, or nil when it is not multipart (no boundary) or is cut short.
    static func parse(_ body: [UInt8], contentType: String) -> MultipartForm? {
        guard let boundary = boundary(contentType), !boundary.isEmpty else { return nil }
        let delimiter = Array(("--" + boundary).utf8)
        var form = MultipartForm()
        guard var position = find(delimiter, in: body, from: 0) else { return nil }
        while true {
            var start = position + delimiter.count
            // "--" after the delimiter closes the body.
            if body.count >= start + 2, body[start] == 0x2D, body[start + 1] == 0x2D { return form }
            if body.count >= start + 2, body[start] == 0x0D, body[start + 1] == 0x0A { start += 2 }
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: start) else { return nil }
            let part = Array(body[start..<next])
            guard let split = find([0x0D, 0x0A, 0x0D, 0x0A], in: part, from: 0) else { return nil }
            let headers = String(decoding: part[..<split], as: UTF8.self)
            let content = Array(part[(split + 4)...])
            if let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
               let name = parameter("name", in: String(disposition)) {
                if let fileName = parameter("filename", in: String(disposition)) {
                    form.files[name] = File(fileName: fileName, bytes: content)
                } else if form.fields[name] == nil {
                    form.fields[name] = String(decoding: content, as: UTF8.self)
                }
            }
            position = next + 2
        }
    }

    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        return parameter("boundary", in: contentType)
    }

    /// `name="value"` (or unquoted) in a header's parameters.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension PortalState {
    /// The posted multipart form, refused (403 page) unless it carries this visitor's CSRF token;
    /// the API's body limit applies unless the page has its own (`limit`, see BodyLimits.swift).
    func multipartForm(_ request: Request, visit: Visit, limit: Int? = nil) async throws -> MultipartForm {
        let limit = max(limit ?? 0, gateway.settings.maxBodyBytes)
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw ErrorBody.make(ErrorCode.httpPayloadTooLarge, details: ["limit": String(limit)])
        }
        guard let form = MultipartForm.parse(Array(buffer.readableBytesView), contentType: request.headers[.contentType] ?? ""),
              csrf.accepts(form.fields[CSRF.field], visit: visit)
        else { throw CSRFRefused() }
        return form
    }
}
