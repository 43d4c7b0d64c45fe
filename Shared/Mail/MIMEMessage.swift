import Foundation

/// A file sent with a message.
public struct MailAttachment: Sendable, Equatable {
    public var fileName: String
    public var mediaType: String
    public var data: Data
    public init(fileName: String, mediaType: String, data: Data) {
        self.fileName = fileName; self.mediaType = mediaType; self.data = data
    }
}

/// One message: a UTF-8 text body and any attachments, rendered as RFC 5322 + MIME (RFC 2045–2049)
/// in 7-bit ASCII, so any relay carries it unchanged (no 8BITMIME needed).
public struct MailMessage: Sendable, Equatable {
    public var from: String
    /// Shown beside the from address (RFC 2047-encoded when not ASCII).
    public var fromName: String?
    public var to: [String]
    public var subject: String
    public var body: String
    public var attachments: [MailAttachment]
    public var date: Date
    /// Without the angle brackets; made from a UUID and the from address's domain when nil.
    public var messageId: String?

    public init(from: String, fromName: String? = nil, to: [String], subject: String, body: String,
                attachments: [MailAttachment] = [], date: Date = Date(), messageId: String? = nil) {
        self.from = from; self.fromName = fromName; self.to = to; self.subject = subject; self.body = body
        self.attachments = attachments; self.date = date; self.messageId = messageId
    }

    /// The message id this message carries (made once by `rendered`).
    public var effectiveMessageId: String {
        messageId ?? "\(UUID().uuidString.lowercased())@\(from.split(separator: "@").last.map(String.init) ?? "localhost")"
    }

    /// The whole message with CRLF line ends. `boundary` is fixed only by tests.
    public func rendered(boundary: String? = nil) -> (data: Data, messageId: String) {
        let id = effectiveMessageId
        let boundary = boundary ?? "=_dj_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(24)
        var lines: [String] = []
        let fromField = fromName.map { MIMEEncoding.phrase($0) + " <\(from)>" } ?? from
        lines.append("From: " + fromField)
        lines.append("To: " + to.joined(separator: ", "))
        lines.append(MIMEEncoding.header("Subject", subject))
        lines.append("Date: " + MIMEEncoding.rfc5322Date(date))
        lines.append("Message-ID: <\(id)>")
        lines.append("MIME-Version: 1.0")
        let text = [
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            MIMEEncoding.base64Lines(Data(MIMEEncoding.crlf(body).utf8)),
        ]
        if attachments.isEmpty {
            lines += text
        } else {
            lines.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a multi-part message in MIME format.")
            lines.append("--" + boundary)
            lines += text
            for file in attachments {
                lines.append("--" + boundary)
                lines.append("Content-Type: \(file.mediaType);\r\n name=\"\(MIMEEncoding.encodedWords(file.fileName).joined(separator: "\r\n "))\"")
                lines.append("Content-Disposition: attachment;\r\n " + MIMEEncoding.rfc2231("filename", file.fileName).joined(separator: ";\r\n "))
                lines.append("Content-Transfer-Encoding: base64")
                lines.append("")
                lines.append(MIMEEncoding.base64Lines(file.data))
            }
            lines.append("--" + boundary + "--")
        }
        return (Data((lines.joined(separator: "\r\n") + "\r\n").utf8), id)
    }
}

/// The encodings mail needs, each from its RFC.
public enum MIMEEncoding {
    /// Base64 in lines of 76 characters joined by CRLF (RFC 2045 §6.8), without a final CRLF.
    public static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var lines: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[start..<end])
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// Every line break as CRLF.
    public static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    static func isPlainASCII(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !s.contains("=?")
    }

    /// RFC 2047 "B" encoded-words of at most 75 characters each: the text cut at character
    /// boundaries into pieces of at most 45 UTF-8 bytes (60 base64 characters + 12 of framing).
    public static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var piece = Data()
        for ch in text {
            let bytes = Data(String(ch).utf8)
            if piece.count + bytes.count > 45, !piece.isEmpty {
                words.append("=?UTF-8?B?" + piece.base64EncodedString() + "?=")
                piece = Data()
            }
            piece += bytes
        }
        if !piece.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + piece.base64EncodedString() + "?=") }
        return words
    }

    /// `Name: value`, the value as is when plain ASCII, else as encoded-words folded onto
    /// continuation lines (whitespace between encoded-words is not part of the text, RFC 2047 §6.2).
    public static func header(_ name: String, _ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if isPlainASCII(flat) && flat.count + name.count + 2 <= 78 { return "\(name): \(flat)" }
        return "\(name): " + encodedWords(flat).joined(separator: "\r\n ")
    }

    /// A display name: a quoted string when ASCII, else encoded-words.
    static func phrase(_ text: String) -> String {
        if isPlainASCII(text) {
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return encodedWords(text).joined(separator: " ")
    }

    /// RFC 2231 parameter value: `name*=UTF-8''%XX…`, split as `name*0*=`, `name*1*=`… when long,
    /// a piece never cutting a %XX triplet.
    public static func rfc2231(_ name: String, _ value: String) -> [String] {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        var tokens: [String] = []
        for byte in value.utf8 {
            tokens.append(unreserved.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte))
        }
        let whole = "UTF-8''" + tokens.joined()
        if whole.count + name.count <= 60 { return ["\(name)*=\(whole)"] }
        var pieces: [String] = []
        var current = "UTF-8''"
        for token in tokens {
            if current.count + token.count > 45 {
                pieces.append(current)
                current = ""
            }
            current += token
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.enumerated().map { "\(name)*\($0.offset)*=\($0.element)" }
    }

    /// RFC 5322 §3.3 date-time, in Beijing time (+0800), English day and month names.
    public static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
