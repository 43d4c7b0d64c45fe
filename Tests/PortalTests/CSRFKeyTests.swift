@testable import Portal
import XCTest

/// Gateways behind one address share the form key (`--portal-secret-file`): a form one of them drew
/// is accepted by another; a gateway with another key refuses it.
final class CSRFKeyTests: XCTestCase {
    func testAFormDrawnByOneGatewayIsAcceptedByAnotherWithTheSameKey() {
        let key = Array(repeating: UInt8(7), count: 32)
        let drawnBy = CSRF(secret: key), postedTo = CSRF(secret: key), stranger = CSRF(secret: Array(repeating: 8, count: 32))
        let visit = Visit(deviceId: "device-0001", session: nil, secure: false)
        let token = drawnBy.token(device: visit.deviceId)
        XCTAssertTrue(postedTo.accepts(token, visit: visit))
        XCTAssertFalse(stranger.accepts(token, visit: visit))
        XCTAssertFalse(postedTo.accepts(token, visit: Visit(deviceId: "device-0002", session: nil, secure: false)), "another visitor's token")
    }
}
