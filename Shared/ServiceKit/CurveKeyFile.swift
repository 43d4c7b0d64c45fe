import Crypto
import Foundation
import ZeroMQ

/// CURVE keys on disk, in the layout of CZMQ's certificates so an operator who knows ZeroMQ reads them
/// at a glance: `NAME.key` holds the pair (the owner alone may read it, 0600), `NAME.pub` the public
/// key only, which is what the broker's key directory lists.
public enum CurveKeyFile {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `NAME.key` (0600) and `NAME.pub` (0644) into `directory`; refuses to overwrite either.
    @discardableResult
    public static func generate(name: String, in directory: String) throws -> CurveKeyPair {
        guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"#, options: .regularExpression) != nil else {
            throw Failure(description: "key name must be letters, digits, '.', '_' or '-' (got \(name.debugDescription))")
        }
        let keys = try CurveKeyPair.generate()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let secretPath = (directory as NSString).appendingPathComponent("\(name).key")
        let publicPath = (directory as NSString).appendingPathComponent("\(name).pub")
        for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw Failure(description: "\(path) exists; remove it first to replace the key")
        }
        try write(secretPath, mode: 0o600, text: """
            #   ****  Dangjian CURVE key "\(name)": secret, readable by its owner only (0600)  ****
            metadata
                name = "\(name)"
            curve
                public-key = "\(keys.publicKey)"
                secret-key = "\(keys.secretKey)"

            """)
        try write(publicPath, mode: 0o644, text: """
            #   ****  Dangjian CURVE public key "\(name)": give it to the broker's key directory  ****
            metadata
                name = "\(name)"
            curve
                public-key = "\(keys.publicKey)"

            """)
        return keys
    }

    /// The pair in a `.key` file. A file others may read is refused: the key would no longer be secret.
    public static func loadPair(_ path: String) throws -> CurveKeyPair {
        // The file's own mode, not a symlink's (a Kubernetes Secret volume's entries are symlinks, 0777).
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let attributes = try FileManager.default.attributesOfItem(atPath: resolved)
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o027 != 0 {
            throw Failure(description: "\(path) is readable or writable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        let fields = try read(path)
        guard let secret = fields["secret-key"] else { throw Failure(description: "\(path) holds no secret-key") }
        guard let keys = try? CurveKeyPair(secretKey: secret) else { throw Failure(description: "\(path): secret-key is not a Z85 CURVE key") }
        if let stated = fields["public-key"], stated != keys.publicKey {
            throw Failure(description: "\(path): public-key does not belong to its secret-key")
        }
        return keys
    }

    /// The public key in a `.pub` (or `.key`) file.
    public static func loadPublic(_ path: String) throws -> String {
        guard let key = try read(path)["public-key"], CurveKeyPair.isKey(key) else {
            throw Failure(description: "\(path) holds no Z85 public-key")
        }
        return key
    }

    /// Every `*.pub` in `directory`, by public key, with the name the file gives.
    public static func directory(_ directory: String) throws -> [String: String] {
        var keys: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where file.hasSuffix(".pub") {
            let path = (directory as NSString).appendingPathComponent(file)
            let name = (try? read(path)["name"]) ?? String(file.dropLast(4))
            if let key = try? loadPublic(path) { keys[key] = name }
        }
        return keys
    }

    /// What logs and listings show of a key: a digest, never the key (`SHA256:` and 16 bytes in base64, as ssh does).
    public static func fingerprint(_ publicKey: String) -> String {
        let raw = CurveKeyPair.raw(publicKey) ?? Array(publicKey.utf8)
        let digest = Data(SHA256.hash(data: raw).prefix(16)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    private static func read(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            fields[key] = value
        }
        return fields
    }

    private static func write(_ path: String, mode: Int, text: String) throws {
        // Created with its mode from the start: no moment when the secret sits world-readable.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
        guard fd >= 0 else { throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        _ = fchmod(fd, mode_t(mode))
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Foundation.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw Failure(description: "cannot write \(path)")
        }
    }
}
