/// A file for download: the reply of every operation whose HTTP response form is `.file` (dues'
/// exports, an import's error report). The gateway serves it as the file itself.
public struct ExportReply: Codable, Sendable, Equatable {
    public var fileName: String
    public var contentType: String
    /// The file, base64.
    public var contentBase64: String
    /// Data rows (without the header rows).
    public var rows: Int
    public init(fileName: String, contentType: String, contentBase64: String, rows: Int) {
        self.fileName = fileName; self.contentType = contentType; self.contentBase64 = contentBase64; self.rows = rows
    }
}
