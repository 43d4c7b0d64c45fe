import XCTest
@testable import ZeroMQ

final class MailboxTests: XCTestCase {
    func testPostWakesAPollAndDrainTakesEverythingInOrder() async throws {
        let mailbox = try Mailbox<Int>()
        let finished = SocketThread.start(name: "poster") {
            for i in 0..<1000 { mailbox.post(i) }
        }
        var received: [Int] = []
        var poller = Poller()
        let index = poller.add(fileDescriptor: mailbox.fileDescriptor)
        let deadline = ContinuousClock.now + .seconds(5)
        while received.count < 1000 && ContinuousClock.now < deadline {
            if try poller.poll(timeout: .milliseconds(100)) > 0 {
                XCTAssertTrue(poller.isReadable(index))
                received += mailbox.drain()
            }
        }
        await finished.wait()
        XCTAssertEqual(received, Array(0..<1000))
        XCTAssertEqual(try poller.poll(timeout: .zero), 0, "a drained mailbox no longer reads as ready")
    }

    func testDurationMilliseconds() {
        XCTAssertEqual(Duration.milliseconds(1500).milliseconds, 1500)
        XCTAssertEqual(Duration.seconds(2).milliseconds, 2000)
        XCTAssertEqual(Duration.microseconds(999).milliseconds, 0)
    }
}
