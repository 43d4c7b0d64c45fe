import Synchronization
import XCTest
@testable import ZeroMQ

final class MailboxTests: XCTestCase {
    /// Polls the mailbox as its owner does and drains it whenever it reads as ready, until `count`
    /// commands came or `within` passed. A long poll timeout: a stranded command (queued with the
    /// descriptor not readable) shows as commands missing at the deadline.
    private func receive(_ count: Int, from mailbox: Mailbox<Int>, within: Duration) throws -> [Int] {
        var received: [Int] = []
        var poller = Poller()
        let index = poller.add(fileDescriptor: mailbox.fileDescriptor)
        let deadline = ContinuousClock.now + within
        while received.count < count && ContinuousClock.now < deadline {
            if try poller.poll(timeout: .seconds(1)) > 0 {
                XCTAssertTrue(poller.isReadable(index))
                received += mailbox.drain()
            }
        }
        return received
    }

    /// After the posters are done: a wake-up written just after a drain took its command may be left
    /// over (one spare pass); once drained, nothing is.
    private func assertSettled(_ mailbox: Mailbox<Int>, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(mailbox.drain(), [], file: file, line: line)
        var poller = Poller()
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        XCTAssertEqual(try poller.poll(timeout: .zero), 0, "a drained mailbox no longer reads as ready", file: file, line: line)
    }

    func testPostWakesAPollAndDrainTakesEverythingInOrder() async throws {
        let mailbox = try Mailbox<Int>()
        let finished = SocketThread.start(name: "poster") {
            for i in 0..<1000 { mailbox.post(i) }
        }
        let received = try receive(1000, from: mailbox, within: .seconds(5))
        await finished.wait()
        XCTAssertEqual(received, Array(0..<1000))
        try assertSettled(mailbox)
    }

    func testPostsFromSeveralThreadsRacingDrainsAreNeverStranded() async throws {
        // A post racing a drain either lands in that drain's batch or leaves the descriptor
        // readable for the next poll.
        let mailbox = try Mailbox<Int>()
        let posters = (0..<4).map { thread in
            SocketThread.start(name: "poster-\(thread)") {
                for i in 0..<5000 { mailbox.post(thread * 5000 + i) }
            }
        }
        let received = try receive(20000, from: mailbox, within: .seconds(10))
        for poster in posters { await poster.wait() }
        XCTAssertEqual(Set(received), Set(0..<20000))
        XCTAssertEqual(received.count, 20000)
        try assertSettled(mailbox)
    }

    func testADrainThatLeavesTheWakeUpTakesTheCommandsAndTheNextPollStillReturns() throws {
        let mailbox = try Mailbox<Int>()
        var poller = Poller()
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        mailbox.post(7)
        XCTAssertEqual(mailbox.drain(clearingWakeUp: false), [7])
        XCTAssertEqual(try poller.poll(timeout: .zero), 1, "the wake-up is still there")
        XCTAssertEqual(mailbox.drain(), [])
        XCTAssertEqual(try poller.poll(timeout: .zero), 0)
    }

    func testTheAdoptingOwnerPostsToItselfWithoutAWakeUpOthersStillWakeIt() async throws {
        let mailbox = try Mailbox<Int>()
        let seen = Mutex<(readyAfterOwnPosts: Int, drained: [Int])>((-1, []))
        let owned = SocketThread.start(name: "owner") {
            mailbox.adopt()
            mailbox.post(1)
            mailbox.post(contentsOf: [2, 3])
            var poller = Poller()
            poller.add(fileDescriptor: mailbox.fileDescriptor)
            let ready = (try? poller.poll(timeout: .zero)) ?? -1
            let drained = mailbox.drain(clearingWakeUp: false)  // as the owner does, until empty
            seen.withLock { $0 = (ready, drained) }
        }
        await owned.wait()
        XCTAssertEqual(seen.withLock { $0.readyAfterOwnPosts }, 0, "the owner's own posts do not wake it")
        XCTAssertEqual(seen.withLock { $0.drained }, [1, 2, 3])
        // Another thread (this one) wakes it.
        var poller = Poller()
        poller.add(fileDescriptor: mailbox.fileDescriptor)
        mailbox.post(4)
        XCTAssertEqual(try poller.poll(timeout: .seconds(1)), 1)
        XCTAssertEqual(mailbox.drain(), [4])
        XCTAssertEqual(try poller.poll(timeout: .zero), 0)
    }

    func testDurationMilliseconds() {
        XCTAssertEqual(Duration.milliseconds(1500).milliseconds, 1500)
        XCTAssertEqual(Duration.seconds(2).milliseconds, 2000)
        XCTAssertEqual(Duration.microseconds(999).milliseconds, 0)
    }
}
