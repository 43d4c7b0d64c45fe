import Foundation
import Notifications
import XCTest

/// What the SMS adapter makes of a provider it cannot reach: a message that never left is safe to
/// send again (transient); one whose fate is unknown is not (asked about before any resend).
final class ProviderHTTPTests: XCTestCase {
    /// A TCP socket bound to a free loopback port.
    private func boundSocket() -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A loopback port nothing listens on (bound, then closed).
    private func closedPort() -> Int {
        let (fd, port) = boundSocket()
        close(fd)
        return port
    }

    func testARefusedConnectionIsTransient() async throws {
        let sms = AliyunSMS(config: .init(endpoint: URL(string: "http://127.0.0.1:\(closedPort())/")!, accessKeyId: "k",
                                          accessKeySecret: "s", signName: "党建"))
        let outcome = await sms.send(phone: "13800000001", templateCode: "SMS_1", params: [:], outId: "job-1")
        XCTAssertEqual(outcome, .transient("network"))
    }

    func testAServerThatHangsUpAfterTheRequestLeavesTheFateUnknown() async throws {
        // Accepts, reads the request, closes without answering.
        let (server, port) = boundSocket()
        defer { close(server) }
        listen(server, 4)
        let hangUp = Thread {
            let connection = accept(server, nil, nil)
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(connection, &buffer, buffer.count)
            close(connection)
        }
        hangUp.start()
        let sms = AliyunSMS(config: .init(endpoint: URL(string: "http://127.0.0.1:\(port)/")!, accessKeyId: "k",
                                          accessKeySecret: "s", signName: "党建"))
        let outcome = await sms.send(phone: "13800000001", templateCode: "SMS_1", params: [:], outId: "job-1")
        XCTAssertEqual(outcome, .unknown("network"))
    }
}
