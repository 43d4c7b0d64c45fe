import Synchronization
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

    func testPostsFromSeveralThreadsRacingDrainsAreNeverStranded() async throws {
        // A post racing a drain either lands in that drain's batch or leaves the descriptor
        // readable for the next poll.
        let mailbox = try Mailbox<Int>()
        let posters = (0..<4).map { thread in
            SocketThread.start(name: "poster-\(thread)") {
                for i in 0..<5000 { mailbox.post(thread * 5000 + i) }
            }
        }
        var received = Set<Int>()
        var poller = Poller()
        let index = poller.add(fileDescriptor: mailbox.fileDescriptor)
        let deadline = ContinuousClock.now + .seconds(10)
        while received.count < 20000 && ContinuousClock.now < deadline {
            // A long timeout: a stranded command (queued with the descriptor not readable) shows as a
            // test that runs out of its deadline with commands missing.
            if try poller.poll(timeout: .seconds(1)) > 0 {
                XCTAssertTrue(poller.isReadable(index))
                for value in mailbox.drain() { received.insert(value) }
            }
        }
        for poster in posters { await poster.wait() }
        XCTAssertEqual(received.count, 20000)
        // A wake-up written just after a drain took its command may be left over (one spare pass);
        // once drained with no poster left, nothing is.
        XCTAssertEqual(mailbox.drain(), [])
        XCTAssertEqual(try poller.poll(timeout: .zero), 0, "nothing left: the descriptor reads as not ready")
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
