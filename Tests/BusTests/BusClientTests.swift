import Bus
import Schema
import Synchronization
import XCTest
import ZeroMQ

/// A FINAL reply to a client's TAGGED REQUEST `message` (WIRE.md, "Tagged requests"), carrying `body`
/// and the request's tag, as the broker sends it.
func final(to message: Received, _ body: [Frame]) -> [Frame] {
    [message.peer, MDP.clientHeader, [MDP.ClientCommand.final.rawValue], message.frames[2], message.frames[3]] + body
}

func partial(to message: Received, _ body: [Frame]) -> [Frame] {
    [message.peer, MDP.clientHeader, [MDP.ClientCommand.partial.rawValue], message.frames[2], message.frames[3]] + body
}

/// ["MDPC02", 0x04, service, tag, body…]
func isClientRequest(_ message: Received) -> Bool {
    message.frames.count >= 5 && message.frames[0] == MDP.clientHeader && message.frames[1] == [0x04]
}

/// A request's body frames (after its tag).
func body(of message: Received) -> [Frame] { Array(message.frames.dropFirst(4)) }

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
        inFlight: Int = 2, timeout: Duration = .seconds(5), retries: Int = 0, script: @escaping FakeBroker.Script
    ) throws -> (BusClient, FakeBroker) {
        let broker = try FakeBroker(context: context, endpoint: uniqueEndpoint(), script: script)
        let client = try BusClient(
            context: context, options: .init(endpoint: broker.endpoint, inFlight: inFlight, timeout: timeout, retries: retries))
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
        let sent = try XCTUnwrap(seen.first)
        XCTAssertEqual(Array(sent.frames.prefix(3)), [f("MDPC02"), [0x04], f("echo")], "a TAGGED REQUEST to the service")
        XCTAssertEqual(sent.frames[3].count, 8, "the tag: eight bytes")
        XCTAssertEqual(body(of: sent), [f("one"), [], f("three")])
    }

    func testRetriesResendTheIdenticalFramesWhenTheFirstAttemptIsIgnored() async throws {
        let attempts = Box(0)
        let (client, broker) = try makeClient(inFlight: 1, timeout: .milliseconds(300), retries: 2) { message in
            guard isClientRequest(message) else { return [] }
            // Drop the first REQUEST, answer the second.
            return attempts.update { $0 += 1; return $0 } == 1 ? [] : [final(to: message, [f("second")])]
        }

        let reply = try await client.request(service: "flaky", body: [f("payload")])

        XCTAssertEqual(reply, [f("second")])
        let seen = broker.received(where: isClientRequest)
        XCTAssertEqual(seen.count, 2, "one ignored attempt, one answered retry")
        guard seen.count == 2 else { return }
        XCTAssertNotEqual(seen[0].peer, seen[1].peer, "the socket heard nothing since the attempt: the retry goes on a new one")
        XCTAssertEqual(seen[0].frames, seen[1].frames, "the retry resends the same frames, tag included")
        XCTAssertEqual(body(of: seen[1]), [f("payload")])
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
        XCTAssertEqual(Set(seen.map(\.frames)).count, 1, "each attempt the same request, same tag")
    }

    func testASocketThatStillHearsRepliesKeepsItsRequestsAndRetriesOnIt() async throws {
        // One request is ignored once while others are answered at once: the link is alive, so the
        // retry goes on the same socket and nothing else in flight is disturbed.
        let ignored = Box(false)
        let (client, broker) = try makeClient(inFlight: 4, timeout: .milliseconds(300), retries: 1) { message in
            guard isClientRequest(message) else { return [] }
            if body(of: message) == [f("slow")], !ignored.get { ignored.update { $0 = true }; return [] }
            return [final(to: message, body(of: message))]
        }
        let slow = Task { try await client.request(service: "echo", body: [f("slow")]) }
        try await broker.waitFor(1, where: isClientRequest)
        let clock = ContinuousClock()
        let until = clock.now + .milliseconds(600)
        while clock.now < until {
            let reply = try await client.request(service: "echo", body: [f("fast")])
            XCTAssertEqual(reply, [f("fast")])
        }
        let reply = try await slow.value
        XCTAssertEqual(reply, [f("slow")])
        let seen = broker.received(where: isClientRequest)
        XCTAssertEqual(seen.filter { body(of: $0) == [f("slow")] }.count, 2, "sent, then resent once")
        XCTAssertEqual(Set(seen.map(\.peer)).count, 1, "one socket throughout")
    }

    func testMoreCallsThanInFlightAreQueuedAndAllComplete() async throws {
        let (client, broker) = try makeClient(inFlight: 2, timeout: .seconds(10)) { message in
            isClientRequest(message) ? [final(to: message, [f("echo:") + message.frames[4]])] : []
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
        XCTAssertEqual(Set(seen.map(\.peer)).count, 1, "all on one socket")
        XCTAssertEqual(Set(seen.map { $0.frames[3] }).count, 50, "each call with its own tag")
    }

    func testQueuedCallsNeverExceedThePoolInFlight() async throws {
        // The broker holds every request and reports how many are outstanding at once.
        let held = Box<[Received]>([])
        let (client, broker) = try makeClient(inFlight: 3, timeout: .seconds(10)) { message in
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
            XCTAssertLessThanOrEqual(outstanding.count, 3, "never more in flight than allowed")
            for message in outstanding { broker.send(to: message.peer, Array(final(to: message, [f("ok")]).dropFirst())) }
            answered += outstanding.count
        }
        let completed = try await calls.value
        XCTAssertEqual(completed, 7)
    }

    func testCloseFailsInFlightAndQueuedCallsAndLaterCallsAtOnce() async throws {
        let (client, broker) = try makeClient(inFlight: 2, timeout: .seconds(30)) { _ in [] }
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
        // Two in flight, three queued behind them.
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

    func testRepliesInAnyOrderEachReachTheirOwnCallerAndStrayTagsAreDropped() async throws {
        // The broker holds four requests, then answers them last first, with a reply to no request
        // in flight (an unknown tag) and a malformed one in between.
        let held = Box<[Received]>([])
        let (client, broker) = try makeClient(inFlight: 4, timeout: .seconds(10)) { message in
            if isClientRequest(message) { held.update { $0.append(message) } }
            return []
        }
        let calls = Task {
            try await withThrowingTaskGroup(of: (Int, [Frame]).self) { group in
                for index in 0..<4 { group.addTask { (index, try await client.request(service: "echo", body: [f("\(index)")])) } }
                return try await group.reduce(into: [Int: [Frame]]()) { $0[$1.0] = $1.1 }
            }
        }
        try await broker.waitFor(4, where: isClientRequest)
        let messages = held.get
        let peer = messages[0].peer
        broker.send(to: peer, [MDP.clientHeader, [MDP.ClientCommand.final.rawValue], f("echo"), [1, 2, 3, 4, 5, 6, 7, 8], f("stray")])
        broker.send(to: peer, [MDP.clientHeader, [MDP.ClientCommand.final.rawValue], f("echo")])
        for message in messages.reversed() {
            broker.send(to: message.peer, Array(final(to: message, [f("re:") + message.frames[4]]).dropFirst()))
        }
        let replies = try await calls.value
        XCTAssertEqual(replies, [0: [f("re:0")], 1: [f("re:1")], 2: [f("re:2")], 3: [f("re:3")]])
    }

    func testALateReplyToTheFirstAttemptAnswersTheRequest() async throws {
        // The first attempt is answered only after the retry went out; the answer is taken (the
        // worker applied the request once, by its id), and the retry's answer is dropped. (A PARTIAL
        // at once shows the link alive, so the retry goes on the same socket.)
        let first = Box<Received?>(nil)
        let (client, broker) = try makeClient(inFlight: 1, timeout: .milliseconds(200), retries: 1) { message in
            guard isClientRequest(message) else { return [] }
            if first.get == nil { first.update { $0 = message }; return [partial(to: message, [f("working")])] }
            return [final(to: first.get!, [f("first")]), final(to: message, [f("second")])]
        }
        let reply = try await client.request(service: "slow", body: [f("x")])
        XCTAssertEqual(reply, [f("first")])
        XCTAssertEqual(broker.received(where: isClientRequest).count, 2)
        // The retry's answer reached nobody. The next request is answered with a stale reply to the
        // first (dropped: its tag is no longer in flight), then with its own.
        let next = try await client.request(service: "slow", body: [f("y")])
        XCTAssertEqual(next, [f("second")])
    }

    // MARK: - call(...) with envelopes

    struct Ping: Codable, Sendable, Equatable { var n: Int }
    struct Pong: Codable, Sendable, Equatable { var m: Int }

    func testCallSendsAnEnvelopeToTheTypesServiceAndDecodesTheReply() async throws {
        let (client, broker) = try makeClient { message in
            guard isClientRequest(message), let request = try? Wire.decode(Ping.self, from: message.frames[4]),
                  let body = request.body else { return [] }
            return [final(to: message, [try! Wire.encode(request.reply(Pong(m: body.n * 2)))])]
        }
        let actor = Schema.Actor(kind: .admin, id: "a-1", orgCode: "org", roles: ["secretary"])

        let reply = try await client.call("counter.ping", Ping(n: 21), as: Pong.self, actor: actor, id: "req-1")

        XCTAssertEqual(reply, Pong(m: 42))
        let sent = try XCTUnwrap(broker.received(where: isClientRequest).first)
        XCTAssertEqual(sent.frames[2], f("counter"), "service is the type's first component")
        let envelope = try Wire.decode(Ping.self, from: sent.frames[4])
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
            guard isClientRequest(message), let request = try? Wire.decode(Ping.self, from: message.frames[4]) else { return [] }
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
            return [final(to: message, [message.frames[4] == f("counter") ? f("200") : f("404")])]
        }

        let present = await client.isServiceAvailable("counter")
        let absent = await client.isServiceAvailable("dues")

        XCTAssertTrue(present)
        XCTAssertFalse(absent)
        let seen = broker.received(where: isClientRequest)
        XCTAssertEqual(seen.map { $0.frames[2] }, [f("mmi.service"), f("mmi.service")])
        XCTAssertEqual(seen.map(body(of:)), [[f("counter")], [f("dues")]])
    }

    func testIsServiceAvailableIsFalseWhenNobodyAnswers() async throws {
        let (client, _) = try makeClient { _ in [] }
        let available = await client.isServiceAvailable("counter", timeout: .milliseconds(100))
        XCTAssertFalse(available)
    }
}
