import XCTest
@testable import Schema

extension ErrorCode {
    // How a service adds its own codes.
    static let testWindowClosed = define("test.window_closed", "当前不在缴费时间内")
}

final class ErrorCodeTests: XCTestCase {
    func testBuiltinMessages() {
        let expected = [
            "schema.invalid": "请求格式不正确",
            "bus.timeout": "服务响应超时，请稍后重试",
            "bus.service_unavailable": "服务暂不可用，请稍后重试",
            "bus.unknown_type": "不支持的请求类型",
            "bus.shutting_down": "服务正在停止，请稍后重试",
            "internal": "系统内部错误，请稍后重试",
            "auth.forbidden": "无权进行此操作",
            "not_found": "记录不存在",
        ]
        // By literal, before any constant is touched in this test.
        for (code, message) in expected {
            XCTAssertEqual(ErrorBody.make(code).message, message, code)
        }
        XCTAssertEqual(
            [ErrorCode.schemaInvalid, ErrorCode.busTimeout, ErrorCode.busServiceUnavailable, ErrorCode.busUnknownType,
             ErrorCode.busShuttingDown, ErrorCode.internal, ErrorCode.authForbidden, ErrorCode.notFound].sorted(),
            expected.keys.sorted())
    }

    func testServicesExtendTheCatalog() {
        let error = ErrorBody.make(ErrorCode.testWindowClosed, details: ["month": "2026-11"])
        XCTAssertEqual(error, ErrorBody(code: "test.window_closed", message: "当前不在缴费时间内", details: ["month": "2026-11"]))
    }

    func testUnknownCodeAndOverride() {
        XCTAssertEqual(ErrorBody.make("nobody.defined_this").message, ErrorCode.fallbackMessage)
        XCTAssertEqual(ErrorBody.make(ErrorCode.notFound, message: "党员不存在").message, "党员不存在")
    }
}
