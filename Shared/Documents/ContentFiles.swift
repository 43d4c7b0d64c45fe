import Crypto
import Foundation

/// Uploaded files (a 回执, a meeting's photos), told apart by their first bytes and stored once by
/// content hash: `<directory>/<sha256>.<ext>`.
public enum ContentFiles {
    /// The type told by the first bytes (never by the name): JPEG, PNG or PDF.
    public static func sniff(_ data: Data) -> (contentType: String, ext: String)? {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return ("image/jpeg", "jpg") }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return ("image/png", "png") }
        if head.starts(with: Array("%PDF-".utf8)) { return ("application/pdf", "pdf") }
        return nil
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func url(_ directory: URL, sha256: String, ext: String) -> URL {
        directory.appendingPathComponent("\(sha256).\(ext)")
    }

    /// Writes the file unless it is already there (through a temporary name and a rename, so a crash
    /// leaves no half file under the hash). Call before writing the row that refers to it: a crash
    /// between leaves an unreferenced file, never a row without its file.
    @discardableResult
    public static func store(_ data: Data, ext: String, in directory: URL) throws -> String {
        let sha = sha256(data)
        let target = url(directory, sha256: sha, ext: ext)
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(sha).\(UUID().uuidString).tmp")
            try data.write(to: temporary)
            if rename(temporary.path, target.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        }
        return sha
    }

    /// The largest base64 text that can hold `bytes` bytes: refuse longer text before decoding it.
    public static func base64Limit(_ bytes: Int) -> Int { (bytes / 3 + 1) * 4 + 4 }
}
