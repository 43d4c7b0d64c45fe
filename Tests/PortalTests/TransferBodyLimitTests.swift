import Foundation
import GatewayApp
import GatewayCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Portal
import Schema
import XCTest

/// The receipt upload's own body limit (`HTTPBinding.maxBodyBytes` on `transfers.receipt.upload`):
/// a phone photo of a few MiB passes the API route and the portal's upload page, while every other
/// route keeps the gateway's default of 1 MiB.
final class TransferBodyLimitTests: XCTestCase {
    typealias FakeBus = PortalTests.FakeBus
    typealias M = MemberPageTests

    static let view = #"{"transferId":"T-1","kind":"outbound","status":"approved","memberId":"m-9","memberName":"王小明","fromOrgName":"第一党支部","toOrgName":"某党支部","toUnit":"某单位","toOrgTitle":"中共某市委组织部","reason":"工作调动","openedBy":"member","steps":[],"history":[],"voidedLetters":[],"createdAt":"2026-11-28T00:00:00.000Z","updatedAt":"2026-11-28T00:00:00.000Z"}"#

    static func bearer(_ contentType: String = "application/json") -> HTTPFields {
        let now = Int(Date().timeIntervalSince1970)
        let token = TokenVerifier.sign(TokenClaims(sub: "acct-9", kind: "member", mid: "m-9", org: "001001001", roles: [], sid: "s-api",
                                                   iat: now - 1, exp: now + 600), secret: PortalTests.secret)
        return [.authorization: "Bearer \(token)", .contentType: contentType]
    }

    /// A JSON upload carrying `fileBytes` of file as base64.
    static func uploadBody(fileBytes: Int) -> ByteBuffer {
        let content = Data(repeating: 0xFF, count: fileBytes).base64EncodedString()
        return ByteBuffer(string: #"{"fileName":"receipt.jpg","contentBase64":"\#(content)"}"#)
    }

    func testTheReceiptRouteTakesAFourMiBFileAndOtherRoutesKeepTheDefault() async throws {
        let bus = FakeBus { _ in Self.view }
        XCTAssertEqual(TransfersAPI.receiptUpload.descriptor.http?.maxBodyBytes, TransfersAPI.receiptBodyBytes)
        XCTAssertNil(TransfersAPI.apply.descriptor.http?.maxBodyBytes, "every other operation keeps the default")
        try await PortalTests.make(bus).0.test(.router) { client in
            // 4 MiB of file is about 5.3 MiB of JSON: over the default, within the upload's own limit.
            let body = Self.uploadBody(fileBytes: 4 << 20)
            XCTAssertGreaterThan(body.readableBytes, 5 << 20)
            try await client.execute(uri: "/api/v1/transfers/T-1/receipt", method: .post, headers: Self.bearer(), body: body) { response in
                XCTAssertEqual(response.status, .ok, String(buffer: response.body))
            }
            XCTAssertEqual(bus.types.filter { $0 == "transfers.receipt.upload" }.count, 1)
            // Past the upload's own limit: refused before the bus hears of it.
            try await client.execute(uri: "/api/v1/transfers/T-1/receipt", method: .post, headers: Self.bearer(),
                                     body: Self.uploadBody(fileBytes: 5 << 20)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertTrue(String(buffer: response.body).contains("\"limit\":\"\(TransfersAPI.receiptBodyBytes)\""), String(buffer: response.body))
            }
            // Another route of the same service with 2 MiB: the default 1 MiB still applies.
            try await client.execute(uri: "/api/v1/transfers", method: .post, headers: Self.bearer(), body: Self.uploadBody(fileBytes: 3 << 19)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertTrue(String(buffer: response.body).contains("\"limit\":\"\(1 << 20)\""), String(buffer: response.body))
            }
            XCTAssertEqual(bus.types.filter { $0.hasPrefix("transfers.") }, ["transfers.receipt.upload"])
        }
    }

    static func multipart(fileBytes: Int, boundary: String) -> ByteBuffer {
        var buffer = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(M.csrf)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"receipt\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
        buffer.writeBytes([UInt8](repeating: 0xD8, count: fileBytes))
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return buffer
    }

    func testThePortalsUploadPageTakesAPhonePhotoAndSendsItWhole() async throws {
        let bus = FakeBus { _ in Self.view }
        let boundary = "----dj-receipt"
        var cookies = M.cookies()
        cookies[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let headers = cookies
        try await PortalTests.make(bus).0.test(.router) { client in
            try await client.execute(uri: "/me/transfers/T-1/receipt", method: .post, headers: headers,
                                     body: Self.multipart(fileBytes: 3 << 20, boundary: boundary)) { response in
                XCTAssertEqual(response.status, .seeOther)
                XCTAssertEqual(response.headers[.location], "/me/transfers?done=uploaded")
            }
            let sent = bus.sent.withLock { $0 }.first { M.type($0) == "transfers.receipt.upload" }
            guard case .string(let content)? = sent?["body"]?["contentBase64"] else { return XCTFail("no upload sent") }
            XCTAssertEqual(Data(base64Encoded: content)?.count, 3 << 20)
            // A page without its own limit still refuses the same body (1 MiB).
            try await client.execute(uri: "/me/transfers/new", method: .post, headers: headers,
                                     body: Self.multipart(fileBytes: 3 << 20, boundary: boundary)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
            }
            // Past the upload's limit: refused before transfers hears of it.
            try await client.execute(uri: "/me/transfers/T-1/receipt", method: .post, headers: headers,
                                     body: Self.multipart(fileBytes: 7 << 20, boundary: boundary)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
            }
            XCTAssertEqual(bus.types.filter { $0 == "transfers.receipt.upload" }.count, 1)
        }
    }
}
