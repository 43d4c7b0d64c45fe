import Foundation
import Payments
import XCTest

/// RSA2 against vectors made outside our code (Fixtures/README.md).
final class AlipaySignatureTests: XCTestCase {
    /// Alipay's documented example (同步通知验签): drop sign and sign_type, sort, join.
    func testCanonicalStringOfTheDocumentedExample() throws {
        let fields = [
            "out_trade_no": "test20181109153145", "total_fee": "0.01", "trade_status": "TRADE_FINISHED",
            "sign": "32c532376eee9281fa4d424dd4a40e5b", "trade_no": "2018110922001332950500389138",
            "currency": "USD", "sign_type": "MD5",
        ]
        XCTAssertEqual(AlipaySignature.canonical(fields),
                       "currency=USD&out_trade_no=test20181109153145&total_fee=0.01&trade_no=2018110922001332950500389138&trade_status=TRADE_FINISHED")
        XCTAssertEqual(AlipaySignature.canonical(fields), try Vectors.text("doc-canonical.txt"))
    }

    func testOpenSSLSignatureVerifies() throws {
        var fields = try docFields()
        fields["sign"] = try Vectors.text("doc-canonical.sig.b64")
        fields["sign_type"] = "RSA2"
        XCTAssertTrue(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
    }

    /// PKCS#1 v1.5 is deterministic: our signature must be byte for byte openssl's.
    func testOurSignatureEqualsOpenSSLs() throws {
        XCTAssertEqual(try AlipaySignature.sign(try docFields(), with: try Vectors.privateKey()),
                       try Vectors.text("doc-canonical.sig.b64"))
    }

    func testTamperedFieldsFail() throws {
        var fields = try docFields()
        fields["sign"] = try Vectors.text("doc-canonical.sig.b64")
        fields["total_fee"] = "0.02"
        XCTAssertFalse(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
        fields["total_fee"] = "0.01"
        fields["extra"] = "x"
        XCTAssertFalse(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
    }

    func testMissingBrokenOrOtherTypeSignaturesFail() throws {
        var fields = try docFields()
        XCTAssertFalse(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
        fields["sign"] = "not base64!"
        XCTAssertFalse(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
        fields["sign"] = try Vectors.text("doc-canonical.sig.b64")
        fields["sign_type"] = "RSA"
        XCTAssertFalse(AlipaySignature.isValid(fields, key: try Vectors.publicKey()))
    }

    func testFormBodyDecodesToTheSignedFields() throws {
        let form = try XCTUnwrap(FormEncoding.decode(try Vectors.text("notify-body.txt")))
        XCTAssertEqual(form["gmt_create"], "2015-04-27 15:45:57")
        XCTAssertEqual(form["subject"], "党费")
        XCTAssertEqual(AlipaySignature.canonical(form), try Vectors.text("notify-canonical.txt"))
        XCTAssertTrue(AlipaySignature.isValid(form, key: try Vectors.publicKey()))
        XCTAssertNil(FormEncoding.decode("a=1&a=2"), "a repeated field is refused")
        XCTAssertNil(FormEncoding.decode("a=%zz"), "a broken escape is refused")
    }

    private func docFields() throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in try Vectors.text("doc-canonical.txt").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            fields[String(kv[0])] = String(kv[1])
        }
        return fields
    }
}
