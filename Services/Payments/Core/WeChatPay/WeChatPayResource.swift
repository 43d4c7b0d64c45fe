import Crypto
import Foundation

/// The encrypted `resource` of a notification (加密报文): AEAD_AES_256_GCM under the APIv3 key, a
/// 12-byte nonce and `associated_data` as AAD; `ciphertext` is base64 of the ciphertext followed by
/// the 16-byte tag. Only a resource whose tag verifies is decrypted.
public struct WeChatPayResource: Codable, Sendable, Equatable {
    public var algorithm: String
    public var ciphertext: String
    public var nonce: String
    public var associatedData: String?
    public var originalType: String?

    enum CodingKeys: String, CodingKey {
        case algorithm, ciphertext, nonce
        case associatedData = "associated_data"
        case originalType = "original_type"
    }

    public init(algorithm: String = "AEAD_AES_256_GCM", ciphertext: String, nonce: String, associatedData: String?, originalType: String?) {
        self.algorithm = algorithm; self.ciphertext = ciphertext; self.nonce = nonce
        self.associatedData = associatedData; self.originalType = originalType
    }

    public enum DecryptError: Error, Equatable {
        case algorithm
        case encoding
        /// Wrong key, or ciphertext, nonce, AAD or tag changed.
        case authentication
    }

    public func decrypt(key: SymmetricKey) throws -> Data {
        guard algorithm == "AEAD_AES_256_GCM" else { throw DecryptError.algorithm }
        guard let sealed = Data(base64Encoded: ciphertext), sealed.count >= 16, nonce.utf8.count == 12,
              let gcmNonce = try? AES.GCM.Nonce(data: Data(nonce.utf8)) else { throw DecryptError.encoding }
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(nonce: gcmNonce, ciphertext: sealed.dropLast(16), tag: sealed.suffix(16))
        } catch { throw DecryptError.encoding }
        do {
            return try AES.GCM.open(box, using: key, authenticating: Data((associatedData ?? "").utf8))
        } catch { throw DecryptError.authentication }
    }
}
