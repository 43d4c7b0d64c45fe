import Crypto
import Foundation
import Payments
import XCTest

/// AEAD_AES_256_GCM against the resource python's `cryptography` encrypted (Fixtures/README.md).
final class WeChatPayResourceTests: XCTestCase {
    struct Envelope: Decodable { var resource: WeChatPayResource }

    func resource(_ file: String = "wechatpay-notify-body.json") throws -> WeChatPayResource {
        try JSONDecoder().decode(Envelope.self, from: Data(Vectors.text(file).utf8)).resource
    }

    func testDecryptsTheTransaction() throws {
        let r = try resource()
        XCTAssertEqual(r.algorithm, "AEAD_AES_256_GCM")
        XCTAssertEqual(r.associatedData, "transaction")
        XCTAssertEqual(r.originalType, "transaction")
        let plain = try r.decrypt(key: try WeChatVectors.apiV3Key())
        XCTAssertEqual(String(decoding: plain, as: UTF8.self), try Vectors.text("wechatpay-transaction.json"))
    }

    func testWrongKeyFails() throws {
        let other = try WeChatPayMerchant.apiV3Key("00000000000000000000000000000000")
        XCTAssertThrowsError(try resource().decrypt(key: other)) {
            XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .authentication)
        }
        XCTAssertThrowsError(try WeChatPayMerchant.apiV3Key("short"))
    }

    func testTamperedTagCiphertextOrAADFails() throws {
        let key = try WeChatVectors.apiV3Key()
        XCTAssertThrowsError(try resource("wechatpay-notify-badtag-body.json").decrypt(key: key)) {
            XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .authentication)
        }
        var r = try resource()
        var bytes = try XCTUnwrap(Data(base64Encoded: r.ciphertext))
        bytes[3] ^= 0x01
        r.ciphertext = bytes.base64EncodedString()
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .authentication) }
        r = try resource()
        r.associatedData = "refund"
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .authentication) }
        r = try resource()
        r.nonce = "fdasflkja485"
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .authentication) }
    }

    func testOtherAlgorithmsAndBadEncodingsAreRefused() throws {
        let key = try WeChatVectors.apiV3Key()
        var r = try resource()
        r.algorithm = "AEAD_AES_128_GCM"
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .algorithm) }
        r = try resource()
        r.nonce = "short"
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .encoding) }
        r = try resource()
        r.ciphertext = "not base64!"
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .encoding) }
        r.ciphertext = Data(count: 8).base64EncodedString()
        XCTAssertThrowsError(try r.decrypt(key: key)) { XCTAssertEqual($0 as? WeChatPayResource.DecryptError, .encoding) }
    }
}
