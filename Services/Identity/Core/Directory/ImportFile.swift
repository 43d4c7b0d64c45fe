import Foundation
import Schema

/// An uploaded CSV's text and the encoding it came in. The 党统 system and Excel on Chinese Windows
/// save GBK; newer exports are UTF-8 (often with a byte-order mark). Valid UTF-8 is taken as UTF-8
/// (GBK text of Chinese characters is almost never valid UTF-8); anything else is read as GB 18030,
/// the superset of GBK, and reported as "GBK".
public struct ImportFile: Sendable, Equatable {
    public var text: String
    /// "UTF-8" | "GBK"
    public var encoding: String

    /// Foundation's NSStringEncoding for kCFStringEncodingGB_18030_2000 (0x0632).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public static func decode(_ bytes: Data) -> ImportFile? {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return ImportFile(text: text, encoding: "UTF-8") }
        if let text = String(data: body, encoding: gb18030) { return ImportFile(text: text, encoding: "GBK") }
        return nil
    }

    /// A base64 upload in the request field `field`; nil when absent or empty.
    static func decode(base64: String?, field: String) throws -> ImportFile? {
        guard let base64, !base64.isEmpty else { return nil }
        guard let bytes = Data(base64Encoded: base64, options: .ignoreUnknownCharacters), let file = decode(bytes) else {
            throw ErrorBody.make(ErrorCode.identityImportFileInvalid, details: ["field": field])
        }
        return file
    }
}
