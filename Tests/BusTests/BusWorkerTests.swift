import Bus
import Synchronization
import XCTest
import ZeroMQ

func isWorker(_ command: MDP.WorkerCommand) -> @Sendable (Received) -> Bool {
    { message in
        message.frames.count >= 2 && message.frames[0] == MDP.workerHeader && message.frames[1] == [command.rawValue]
    }
}

/// ["MDPW02", 0x02, client, "", body…]
func workerRequest(client: Frame, _ body: [Frame]) -> [Frame] {
    [f("MDPW02"), [0x02], client, []] + body
}

final class BusWorkerTests: XCTestCase {
    var context: Context!

    override func setUp() async throws {
        context = try Context()
    }

    override func tearDown() async throws {
        context = nil
    }

    func makeWorker(
        service: String = "counter", concurrency: Int = 1, heartbeat: Duration = .milliseconds(100),
        liveness: Int = 50, drainWindow: Duration = .milliseconds(20), credit: Bool = false,
        script: @escaping FakeBroker.Script = { _ in [] }, handler: @escaping BusWorker.Handler
    ) throws -> (BusWorker, FakeBroker) {
        let broker = try FakeBroker(context: context, endpoint: uniqueEndpoint(), script: script)
        let worker = try BusWorker(
            context: context,
            options: .init(endpoint: broker.endpoint, service: service, concurrency: concurrency,
                           heartbeat: heartbeat, liveness: liveness, drainWindow: drainWindow, credit: credit),
            handler: handler)
        addTeardownBlock {
            await worker.stop()
            await broker.stop()
        }
        return (worker, broker)
    }

    func testSendsReadyOnEachOfItsSockets() async throws {
        let (_, broker) = try makeWorker(service: "dues", concurrency: 3) { $0 }

        let ready = try await broker.waitFor(3, where: isWorker(.ready))

        XCTAssertEqual(Set(ready.map(\.peer)).count, 3, "one READY per socket, each socket its own peer")
        for message in ready {
            XCTAssertEqual(message.frames, [f("MDPW02"), [0x01], f("dues")])
        }
    }

    func testAnswersARequestWithFinalToTheSameClient() async throws {
        let seenBodies = Box<[[Frame]]>([])
        let (worker, broker) = try makeWorker { body in
            seenBodies.update { $0.append(body) }
            return [f("reply:") + body[0], f("second")]
        }
        let ready = try await broker.waitFor(where: isWorker(.ready))[0]

        let client = f("client-address-1")
        broker.send(to: ready.peer, workerRequest(client: client, [f("hello"), f("world")]))

        let reply = try await broker.waitFor(where: isWorker(.final))[0]
        XCTAssertEqual(reply.peer, ready.peer, "the FINAL comes back on the socket that got the REQUEST")
        XCTAssertEqual(reply.frames, [f("MDPW02"), [0x04], client, [], f("reply:hello"), f("second")])
        XCTAssertEqual(seenBodies.get, [[f("hello"), f("world")]], "the handler sees the body frames only")
        let served = await eventually { worker.served == 1 }
        XCTAssertTrue(served)
    }

    func testServesRequestsOnDifferentSocketsConcurrently() async throws {
        let gate = Gate(count: 3)
        let (_, broker) = try makeWorker(concurrency: 3) { body in
            // Returns only once all three requests are being handled at the same time.
            await gate.arrive()
            return body
        }
        addTeardownBlock { gate.open() }
        let ready = try await broker.waitFor(3, where: isWorker(.ready))

        for (index, message) in ready.enumerated() {
            broker.send(to: message.peer, workerRequest(client: f("client-\(index)"), [f("body-\(index)")]))
        }

        let finals = try await broker.waitFor(3, where: isWorker(.final))
        XCTAssertEqual(Set(finals.map(\.peer)), Set(ready.map(\.peer)))
        XCTAssertEqual(Set(finals.map { $0.frames[2] }), [f("client-0"), f("client-1"), f("client-2")])
        for final in finals {
            let index = text(final.frames[2]).dropFirst("client-".count)
            XCTAssertEqual(final.frames.dropFirst(4).first, f("body-\(index)"), "each client gets its own reply")
        }
    }

    func testSendsHeartbeatsEveryInterval() async throws {
        let interval = Duration.milliseconds(100)
        let (_, broker) = try makeWorker(heartbeat: interval, liveness: 1000) { $0 }
        let ready = try await broker.waitFor(where: isWorker(.ready))[0]

        let beats = try await broker.waitFor(6, where: isWorker(.heartbeat))

        XCTAssertEqual(beats[0].frames, [f("MDPW02"), [0x05]])
        XCTAssertTrue(beats.allSatisfy { $0.peer == ready.peer })
        let times = [ready.at] + beats.prefix(6).map(\.at)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        for gap in gaps {
            XCTAssertGreaterThanOrEqual(gap, interval / 2, "heartbeats are not sent more often than the interval: \(gaps)")
        }
        let mean = (times.last! - times.first!) / gaps.count
        XCTAssertLessThan(mean, interval * 3, "heartbeats keep coming about every interval: \(gaps)")
    }

    func testReconnectsOnANewSocketAfterDisconnect() async throws {
        let (worker, broker) = try makeWorker(heartbeat: .milliseconds(100)) { $0 }
        let first = try await broker.waitFor(where: isWorker(.ready))[0]

        broker.send(to: first.peer, [f("MDPW02"), [0x06]])

        let ready = try await broker.waitFor(2, where: isWorker(.ready))
        XCTAssertNotEqual(ready[1].peer, first.peer, "READY again from a new socket")
        XCTAssertEqual(ready[1].frames, [f("MDPW02"), [0x01], f("counter")])
        XCTAssertEqual(worker.reconnects, 1)

        // The new registration works: a request on the new socket is answered there.
        broker.send(to: ready[1].peer, workerRequest(client: f("c"), [f("after")]))
        let final = try await broker.waitFor(where: isWorker(.final))[0]
        XCTAssertEqual(final.peer, ready[1].peer)
        XCTAssertEqual(final.frames, [f("MDPW02"), [0x04], f("c"), [], f("after")])
    }

    func testReregistersOnANewSocketWhenTheBrokerIsSilentBeyondLiveness() async throws {
        let heartbeat = Duration.milliseconds(100), liveness = 3
        let (worker, broker) = try makeWorker(heartbeat: heartbeat, liveness: liveness) { $0 }

        let ready = try await broker.waitFor(2, where: isWorker(.ready))

        XCTAssertNotEqual(ready[0].peer, ready[1].peer, "re-registered on a new socket")
        XCTAssertGreaterThanOrEqual(ready[1].at - ready[0].at, heartbeat * liveness,
                                    "not before the broker was silent for heartbeat × liveness")
        XCTAssertGreaterThanOrEqual(worker.reconnects, 1)
    }

    func testBrokerHeartbeatsKeepTheWorkerRegistered() async throws {
        let heartbeat = Duration.milliseconds(50), liveness = 3
        // The fake broker answers every worker heartbeat with one of its own.
        let (worker, broker) = try makeWorker(heartbeat: heartbeat, liveness: liveness, script: { message in
            let beat: [Frame] = [message.peer, f("MDPW02"), [0x05]]
            return isWorker(.heartbeat)(message) ? [beat] : []
        }) { $0 }
        let first = try await broker.waitFor(where: isWorker(.ready))[0]

        // Well past heartbeat × liveness (150 ms): 12 heartbeats take at least 600 ms.
        try await broker.waitFor(12, where: isWorker(.heartbeat))

        XCTAssertEqual(broker.received(where: isWorker(.ready)).map(\.peer), [first.peer], "no re-registration")
        XCTAssertEqual(worker.reconnects, 0)
    }

    func testStopSendsDisconnectAndWaitsForTheInFlightReply() async throws {
        let gate = Gate(count: .max)
        let (worker, broker) = try makeWorker(concurrency: 2, drainWindow: .milliseconds(20)) { body in
            await gate.arrive()
            return [f("done:") + body[0]]
        }
        addTeardownBlock { gate.open() }
        let ready = try await broker.waitFor(2, where: isWorker(.ready))
        let busy = ready[0].peer, idle = ready[1].peer
        broker.send(to: busy, workerRequest(client: f("c1"), [f("slow")]))
        let started = await eventually { gate.arrived == 1 }
        XCTAssertTrue(started, "the handler is running")

        let stopped = Box(false)
        let stopping = Task {
            await worker.stop()
            stopped.set(true)
        }

        // The idle socket says goodbye at once; the busy one must not yet.
        let goodbye = try await broker.waitFor(where: isWorker(.disconnect))
        XCTAssertEqual(goodbye.map(\.peer), [idle])
        XCTAssertEqual(goodbye[0].frames, [f("MDPW02"), [0x06]])
        let returnedEarly = await eventually(timeout: .milliseconds(300)) { stopped.get }
        XCTAssertFalse(returnedEarly, "stop waits while a handler is in flight (drain window is only 20 ms)")
        XCTAssertTrue(broker.received(where: isWorker(.final)).isEmpty)

        gate.open()
        await stopping.value

        let fromBusy = try await broker.waitFor(2) { $0.peer == busy && !isWorker(.ready)($0) && !isWorker(.heartbeat)($0) }
        XCTAssertEqual(fromBusy[0].frames, [f("MDPW02"), [0x04], f("c1"), [], f("done:slow")], "the reply is sent")
        XCTAssertEqual(fromBusy[1].frames, [f("MDPW02"), [0x06]], "then DISCONNECT")
        XCTAssertEqual(worker.served, 1)
        XCTAssertTrue(worker.isStopped)
    }

    // MARK: Credit (WIRE.md): one socket, several requests at once

    func testACreditWorkerRegistersOneSocketDeclaringItsConcurrency() async throws {
        let (_, broker) = try makeWorker(service: "dues", concurrency: 3, credit: true) { $0 }

        let ready = try await broker.waitFor(where: isWorker(.ready))

        XCTAssertEqual(ready[0].frames, [f("MDPW02"), [0x01], f("dues"), f("credit=3")])
        let more = await eventually(timeout: .milliseconds(300)) { broker.received(where: isWorker(.ready)).count > 1 }
        XCTAssertFalse(more, "one socket, not three")
    }

    func testACreditWorkerServesItsCreditAtOnceOnOneSocket() async throws {
        let gate = Gate(count: 3)
        let (worker, broker) = try makeWorker(concurrency: 3, credit: true) { body in
            // Returns only once all three requests are being handled at the same time.
            await gate.arrive()
            return [f("done:") + body[0]]
        }
        addTeardownBlock { gate.open() }
        let ready = try await broker.waitFor(where: isWorker(.ready))[0]

        for index in 0..<3 { broker.send(to: ready.peer, workerRequest(client: f("client-\(index)"), [f("body-\(index)")])) }

        let finals = try await broker.waitFor(3, where: isWorker(.final))
        XCTAssertTrue(finals.allSatisfy { $0.peer == ready.peer }, "every reply on the one socket")
        for final in finals {
            let index = text(final.frames[2]).dropFirst("client-".count)
            XCTAssertEqual(final.frames.dropFirst(4).first, f("done:body-\(index)"), "each client gets its own reply")
        }
        let served = await eventually { worker.served == 3 }
        XCTAssertTrue(served)
    }

    func testACreditWorkerTakesNoMoreThanItsCredit() async throws {
        let gate = Gate(count: .max)
        let (_, broker) = try makeWorker(concurrency: 2, credit: true) { body in
            await gate.arrive()
            return body
        }
        addTeardownBlock { gate.open() }
        let ready = try await broker.waitFor(where: isWorker(.ready))[0]

        for index in 0..<3 { broker.send(to: ready.peer, workerRequest(client: f("c\(index)"), [f("b\(index)")])) }
        let twoStarted = await eventually { gate.arrived == 2 }
        XCTAssertTrue(twoStarted)
        let third = await eventually(timeout: .milliseconds(300)) { gate.arrived > 2 }
        XCTAssertFalse(third, "a request beyond the declared credit is not taken (the broker never sends one)")
    }

    func testStoppingACreditWorkerSaysDisconnectAtOnceAndStillAnswersWhatItServes() async throws {
        let gate = Gate(count: .max)
        let (worker, broker) = try makeWorker(concurrency: 4, drainWindow: .milliseconds(20), credit: true) { body in
            await gate.arrive()
            return [f("done:") + body[0]]
        }
        addTeardownBlock { gate.open() }
        let ready = try await broker.waitFor(where: isWorker(.ready))[0]
        broker.send(to: ready.peer, workerRequest(client: f("c1"), [f("slow-1")]))
        broker.send(to: ready.peer, workerRequest(client: f("c2"), [f("slow-2")]))
        let started = await eventually { gate.arrived == 2 }
        XCTAssertTrue(started)

        let stopping = Task { await worker.stop() }
        // DISCONNECT first, while both are in flight: the broker sends nothing new and waits for the replies.
        let goodbye = try await broker.waitFor(where: isWorker(.disconnect))
        XCTAssertEqual(goodbye[0].peer, ready.peer)
        XCTAssertTrue(broker.received(where: isWorker(.final)).isEmpty)

        gate.open()
        await stopping.value
        let finals = try await broker.waitFor(2, where: isWorker(.final))
        XCTAssertEqual(Set(finals.map { $0.frames[2] }), [f("c1"), f("c2")])
        XCTAssertEqual(worker.served, 2)
    }
}
