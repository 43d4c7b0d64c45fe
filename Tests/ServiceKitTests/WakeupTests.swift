@testable import ServiceKit
import XCTest

final class WakeupTests: XCTestCase {
    func testPokeBeforeWaitReturnsAtOnce() async {
        let wakeup = Wakeup()
        wakeup.poke()
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await wakeup.wait(timeout: .seconds(30)) }
        XCTAssertLessThan(elapsed, .seconds(5), "the pending poke ends the wait, not the 30 s timeout")
    }

    func testWaitWithoutPokeReturnsAfterTheTimeout() async {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await wakeup.wait(timeout: .milliseconds(200)) }
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(200))
        XCTAssertLessThan(elapsed, .seconds(2))
    }

    func testPokeDuringWaitWakesTheWaiter() async {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        let start = clock.now
        async let waited: Void = wakeup.wait(timeout: .seconds(30))
        wakeup.poke()
        await waited
        XCTAssertLessThan(clock.now - start, .seconds(5))
    }

    func testAPokeIsConsumedByOneWait() async {
        let wakeup = Wakeup()
        wakeup.poke()
        wakeup.poke()
        await wakeup.wait(timeout: .seconds(30))
        // Pokes do not accumulate: the next wait sleeps until its timeout.
        let clock = ContinuousClock()
        let elapsed = await clock.measure { await wakeup.wait(timeout: .milliseconds(150)) }
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(150))
    }
}
