import Bus
import Schema
import Synchronization
import XCTest
import ZeroMQ

/// A FINAL reply to a client REQUEST `message`, carrying `body`.
func final(to message: Received, _ body: [Frame]) -> [Frame] {
    [message.peer, MDP.clientHeader, [MDP.ClientCommand.final.rawValue], message.frames[2]] + body
}

func partial(to message: Received, _ body: [Frame]) -> [Frame] {
    [message.peer, MDP.clientHeader, [MDP.ClientCommand.partial.rawValue], message.frames[2]] + body
}

func isClientRequest(_ message: Received) -> Bool {
    message.frames.count >= 3 && message.frames[0] == MDP.clientHeader && message.frames[1] == [0x01]
}

final class BusClientTests: XCTestCase {
    var context: Context!

    override func setUp() async throws {
        context = try Context()
    }

    override func tearDown() async throws {
        context = nil
    }

    /// A client and fake broker on a fresh inproc endpoint; both are closed when the test ends.
    func makeClient(
        sockets: Int = 2, timeout: Duration = .seconds(5), retries: Int = 0, script: @escaping FakeBroker.Script
    ) throws -> (BusClient, FakeBroker) {
        let broker = try FakeBroker(context: context, endpoint: uniqueEndpoint(), script: script)
        let client = try BusClient(
            context: context, options: .init(endpoint: broker.endpoint, sockets: sockets, timeout: timeout, retries: retries))
        addTeardownBlock {
            await client.close()
            await broker.stop()
        }
        return (client, broker)
    }

    func testSendsMDPRequestFramesAndReturnsTheFinalBodySkippingPartials() async throws {
        let (client, broker) = try makeClient { message in
            guard isClientRequest(message) else { return [] }
            return [
                partial(to: message, [f("partial-1")]),
                partial(to: message, [f("partial-2")]),
                final(to: message, [f("final-a"), [], f("final-c")]),
            ]
        }

        let reply = try await client.request(service: "echo", body: [f("one"), [], f("three")])

        XCTAssertEqual(reply, [f("final-a"), [], f("final-c")], "the FINAL's body frames, not a PARTIAL's")
        let seen = broker.received
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen.first?.frames, [f("MDPC02"), [0x01], f("echo"), f("one"), [], f("three")])
    }

    func testRetriesOnANewSocketWithIdenticalFramesWhenTheFirstAttemptIsIgnored() async throws {
        let attempts = Box(0)
        let (client, broker) = try makeClient(sockets: 1, timeout: .milliseconds(300), retries: 2) { message in
            guard isClientRequest(message) else { return [] }
            // Drop the first REQUEST, answer the second.
            return attempts.update { $0 += 1; return $0 } == 1 ? [] : [final(to: message, [f("second")])]
        }

        let reply = try await client.request(service: "flaky", body: [f("payload")])

        XCTAssertEqual(reply, [f("second")])
        let seen = broker.received(where: isClientRequest)
        XCTAssertEqual(seen.count, 2, "one ignored attempt, one answered retry")
        guard seen.count == 2 else { return }
        XCTAssertNotEqual(seen[0].peer, seen[1].peer, "the retry comes from a new socket")
        XCTAssertEqual(seen[0].frames, seen[1].frames, "the retry resends the same frames")
        XCTAssertEqual(seen[1].frames, [f("MDPC02"), [0x01], f("flaky"), f("payload")])
        XCTAssertGreaterThanOrEqual(seen[1].at - seen[0].at, .milliseconds(300) * 0.9,
                                    "the retry waits for the attempt's timeout")
    }

    func testWithoutRetriesFailsWithTimeoutAfterTheTimeout() async throws {
        let (client, broker) = try makeClient(timeout: .milliseconds(300), retries: 0) { _ in [] }
        let clock = ContinuousClock()
        let start = clock.now
        do throws(BusError) {
            _ = try await client.request(service: "silent", body: [f("x")])
            XCTFail("expected a timeout")
        } catch {
            XCTAssertEqual(error, .timeout(service: "silent", attempts: 1))
        }
        let elapsed = clock.now - start
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(300), "did not give up before the timeout")
        XCTAssertLessThan(elapsed, .seconds(3))
        XCTAssertEqual(broker.received(where: isClientRequest).count, 1, "no retry when retries is 0")
    }

    func testTimeoutCountsEveryAttempt() async throws {
        let (client, broker) = try makeClient(timeout: .milliseconds(100), retries: 2) { _ in [] }
        do throws(BusError) {
            _ = try await client.request(service: "silent", body: [f("x")])
            XCTFail("expected a timeout")
        } catch {
            XCTAssertEqual(error, .timeout(service: "silent", attempts: 3))
        }
        let seen = broker.received(where: isClientRequest)
        XCTAssertEqual(seen.count, 3)
        XCTAssertEqual(Set(seen.map(\.peer)).count, 3, "each attempt on its own socket")
    }

    func testMoreCallsThanSocketsAreQueuedAndAllComplete() async throws {
        let (client, broker) = try makeClient(sockets: 2, timeout: .seconds(10)) { message in
            isClientRequest(message) ? [final(to: message, [f("echo:") + message.frames[3]])] : []
        }

        let replies = try await withThrowingTaskGroup(of: (Int, [Frame]).self) { group in
            for index in 0..<50 {
                group.addTask { (index, try await client.request(service: "echo", body: [f("\(index)")])) }
            }
            var replies: [Int: [Frame]] = [:]
            for try await (index, reply) in group { replies[index] = reply }
            return replies
        }

        XCTAssertEqual(replies.count, 50)
        for index in 0..<50 {
            XCTAssertEqual(replies[index], [f("echo:\(index)")], "call \(index) got its own reply")
        }
        let seen = broker.received(where: isClientRequest)
        XCTAssertEqual(seen.count, 50, "each call sent once (no timeouts, no retries)")
        XCTAssertLessThanOrEqual(Set(seen.map(\.peer)).count, 2, "only the pool's two sockets were used")
    }

    func testQueuedCallsNeverExceedThePoolInFlight() async throws {
        // The broker holds every request and reports how many are outstanding at once.
        let held = Box<[Received]>([])
        let (client, broker) = try makeClient(sockets: 3, timeout: .seconds(10)) { message in
            if isClientRequest(message) { held.update { $0.append(message) } }
            return []
        }
        let calls = Task {
            try await withThrowingTaskGroup(of: [Frame].self) { group in
                for index in 0..<7 { group.addTask { try await client.request(service: "hold", body: [f("\(index)")]) } }
                return try await group.reduce(into: 0) { count, _ in count += 1 }
            }
        }
        var answered = 0
        while answered < 7 {
            try await broker.waitFor(answered + min(3, 7 - answered), where: isClientRequest)
            let outstanding = held.update { held -> [Received] in defer { held = [] }; return held }
            XCTAssertEqual(broker.received(where: isClientRequest).count - answered, outstanding.count)
            XCTAssertLessThanOrEqual(outstanding.count, 3, "never more in flight than sockets")
            for message in outstanding { broker.send(to: message.peer, Array(final(to: message, [f("ok")]).dropFirst())) }
            answered += outstanding.count
        }
        let completed = try await calls.value
        XCTAssertEqual(completed, 7)
    }

    func testCloseFailsInFlightAndQueuedCallsAndLaterCallsAtOnce() async throws {
        let (client, broker) = try makeClient(sockets: 2, timeout: .seconds(30)) { _ in [] }
        let outcomes = Box<[BusError]>([])
        let calls = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        do throws(BusError) {
                            _ = try await client.request(service: "never", body: [f("\(index)")])
                        } catch {
                            outcomes.update { $0.append(error) }
                        }
                    }
                }
            }
        }
        // Two in flight (one per socket), three queued behind them.
        try await broker.waitFor(2, where: isClientRequest)

        let clock = ContinuousClock()
        let start = clock.now
        await client.close()
        await calls.value
        XCTAssertLessThan(clock.now - start, .seconds(5), "close does not wait for the 30 s timeout")
        XCTAssertEqual(outcomes.get, Array(repeating: .shuttingDown, count: 5))
        XCTAssertEqual(broker.received(where: isClientRequest).count, 2, "queued calls were never sent")

        let afterStart = clock.now
        do throws(BusError) {
            _ = try await client.request(service: "never", body: [f("late")])
            XCTFail("a call after close must fail")
        } catch {
            XCTAssertEqual(error, .shuttingDown)
        }
        XCTAssertLessThan(clock.now - afterStart, .seconds(1), "fails at once, not after a timeout")
    }

    // MARK: - call(...) with envelopes

    struct Ping: Codable, Sendable, Equatable { var n: Int }
    struct Pong: Codable, Sendable, Equatable { var m: Int }

    func testCallSendsAnEnvelopeToTheTypesServiceAndDecodesTheReply() async throws {
        let (client, broker) = try makeClient { message in
            guard isClientRequest(message), let request = try? Wire.decode(Ping.self, from: message.frames[3]),
                  let body = request.body else { return [] }
            return [final(to: message, [try! Wire.encode(request.reply(Pong(m: body.n * 2)))])]
        }
        let actor = Schema.Actor(kind: .admin, id: "a-1", orgCode: "org", roles: ["secretary"])

        let reply = try await client.call("counter.ping", Ping(n: 21), as: Pong.self, actor: actor, id: "req-1")

        XCTAssertEqual(reply, Pong(m: 42))
        let sent = try XCTUnwrap(broker.received(where: isClientRequest).first)
        XCTAssertEqual(sent.frames[2], f("counter"), "service is the type's first component")
        let envelope = try Wire.decode(Ping.self, from: sent.frames[3])
        XCTAssertEqual(envelope.type, "counter.ping")
        XCTAssertEqual(envelope.id, "req-1")
        XCTAssertEqual(envelope.actor, actor)
        XCTAssertEqual(envelope.body, Ping(n: 21))
    }

    func testCallMapsATimeoutToBusTimeout() async throws {
        let (client, _) = try makeClient(timeout: .milliseconds(100)) { _ in [] }
        do throws(ErrorBody) {
            let _: Pong = try await client.call("counter.ping", Ping(n: 1))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.code, "bus.timeout")
            XCTAssertEqual(error.details["service"], "counter")
        }
    }

    func testCallThrowsTheErrorBodyOfAnErrorReply() async throws {
        let refusal = ErrorBody(code: "counter.too_big", message: "数值过大", details: ["field": "body.n"])
        let (client, _) = try makeClient { message in
            guard isClientRequest(message), let request = try? Wire.decode(Ping.self, from: message.frames[3]) else { return [] }
            return [final(to: message, [try! Wire.encode(request.replyError(refusal))])]
        }
        do throws(ErrorBody) {
            let _: Pong = try await client.call("counter.ping", Ping(n: 1))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, refusal)
        }
    }

    func testCallMapsANonJSONReplyToSchemaInvalid() async throws {
        let (client, _) = try makeClient { message in
            isClientRequest(message) ? [final(to: message, [f("this is not json")])] : []
        }
        do throws(ErrorBody) {
            let _: Pong = try await client.call("counter.ping", Ping(n: 1))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.code, "schema.invalid")
        }
    }

    func testCallMapsShuttingDown() async throws {
        let (client, _) = try makeClient { _ in [] }
        await client.close()
        do throws(ErrorBody) {
            let _: Pong = try await client.call("counter.ping", Ping(n: 1))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.code, "bus.shutting_down")
        }
    }

    // MARK: - MMI

    func testIsServiceAvailableAsksMMIAndReadsTheStatus() async throws {
        let (client, broker) = try makeClient { message in
            guard isClientRequest(message), message.frames[2] == f("mmi.service") else { return [] }
            return [final(to: message, [message.frames[3] == f("counter") ? f("200") : f("404")])]
        }

        let present = await client.isServiceAvailable("counter")
        let absent = await client.isServiceAvailable("dues")

        XCTAssertTrue(present)
        XCTAssertFalse(absent)
        let seen = broker.received(where: isClientRequest).map(\.frames)
        XCTAssertEqual(seen, [
            [f("MDPC02"), [0x01], f("mmi.service"), f("counter")],
            [f("MDPC02"), [0x01], f("mmi.service"), f("dues")],
        ])
    }

    func testIsServiceAvailableIsFalseWhenNobodyAnswers() async throws {
        let (client, _) = try makeClient { _ in [] }
        let available = await client.isServiceAvailable("counter", timeout: .milliseconds(100))
        XCTAssertFalse(available)
    }
}
