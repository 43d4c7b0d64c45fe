import Bus
import Foundation
import Schema
import ServiceKit
import XCTest
import ZeroMQ

/// CURVE on the bus with the real broker and a real service: a listed key is served, an unknown key and
/// a plaintext client are refused and logged (the key by its fingerprint, never a secret), a key added
/// to the directory counts at once, and the broker will not start with a secret others can read.
final class CurveSystemTests: XCTestCase {
    var cluster: Cluster!
    var keys: URL!
    var clients: URL!

    override func setUp() async throws {
        cluster = try Cluster()
        keys = cluster.directory.appendingPathComponent("keys")
        clients = cluster.directory.appendingPathComponent("clients")
        for name in ["broker", "counter", "desk", "stranger"] { try CurveKeyFile.generate(name: name, in: keys.path) }
        try FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
        for name in ["counter", "desk"] { try admit(name) }
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    private func admit(_ name: String) throws {
        try FileManager.default.copyItem(at: keys.appendingPathComponent("\(name).pub"), to: clients.appendingPathComponent("\(name).pub"))
    }

    private func key(_ name: String) -> String { keys.appendingPathComponent("\(name).key").path }

    private func curveEnvironment(_ name: String) -> [String: String] {
        ["DJ_CURVE": "1", "DJ_CURVE_KEY": key(name), "DJ_CURVE_BROKER_KEY": keys.appendingPathComponent("broker.pub").path]
    }

    /// A client holding `name`'s key (one socket, no retries: a refusal shows as a timeout at once).
    private func client(as name: String?) throws -> BusClient {
        let curve = try name.map {
            CurveClient(serverKey: try CurveKeyFile.loadPublic(keys.appendingPathComponent("broker.pub").path), keys: try CurveKeyFile.loadPair(key($0)))
        }
        return try BusClient(context: try Context(curve: curve),
                             options: .init(endpoint: cluster.brokerEndpoint, inFlight: 1, timeout: .milliseconds(700), retries: 0))
    }

    private func startBroker() throws -> ServiceProcess {
        try cluster.startBroker(extraEnvironment: ["DJ_CURVE": "1", "DJ_CURVE_KEY": key("broker"), "DJ_CURVE_CLIENTS": clients.path])
    }

    func testOnlyListedKeysAreServedAndEveryRefusalIsLoggedWithoutSecrets() async throws {
        let broker = try startBroker()
        let counter = try cluster.startFixture("counter", instance: "counter-1", extraEnvironment: curveEnvironment("counter"))
        let desk = try client(as: "desk")
        var added: Added?
        try await eventually("a listed key reaches the counter through the broker") {
            added = try? await desk.call("counter.add", Add(amount: 2), as: Added.self)
            return added != nil
        }
        XCTAssertEqual(added?.servedBy, "counter-1")

        let stranger = try client(as: "stranger")
        do {
            _ = try await stranger.call("counter.add", Add(amount: 1), as: Added.self)
            XCTFail("an unknown key was served")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.busTimeout)
        }
        let strangerKey = try CurveKeyFile.loadPublic(keys.appendingPathComponent("stranger.pub").path)
        try await eventually("the broker logs the stranger's fingerprint") {
            broker.log.contains("unknown CURVE key") && broker.log.contains(CurveKeyFile.fingerprint(strangerKey))
        }

        let plaintext = try client(as: nil)
        do {
            _ = try await plaintext.call("counter.add", Add(amount: 1), as: Added.self)
            XCTFail("a plaintext client was served")
        } catch {
            XCTAssertEqual(error.code, ErrorCode.busTimeout)
        }
        // Which reason the broker can give is a race: the plaintext peer sees the broker's CURVE greeting
        // too and hangs up, and when that reaches the broker before it has read the peer's mechanism,
        // libzmq reports the failure without detail (seen once under CI load). Each new plaintext
        // connection is another try; the mismatch must be named for at least one of them.
        try await eventually("the broker logs the plaintext handshake it refused") {
            if broker.log.contains("refused at handshake") && broker.log.contains("mechanism mismatch") { return true }
            let again = try client(as: nil)
            let served = (try? await again.call("counter.add", Add(amount: 1), as: Added.self)) != nil
            await again.close()
            XCTAssertFalse(served, "a plaintext client was served")
            return false
        }

        // Admitting a key is putting its .pub in the directory: no restart.
        try admit("stranger")
        try await eventually("the stranger, now listed, is served") {
            (try? await stranger.call("counter.add", Add(amount: 1), as: Added.self)) != nil
        }

        let secrets = try ["broker", "counter", "desk", "stranger"].map { try CurveKeyFile.loadPair(key($0)).secretKey }
        for log in [broker.log, counter.log] {
            for secret in secrets { XCTAssertFalse(log.contains(secret), "a secret key in a log") }
        }
        for client in [desk, stranger, plaintext] { await client.close() }
    }

    func testTheBrokerRefusesToStartWithASecretOthersCanRead() async throws {
        XCTAssertEqual(chmod(key("broker"), 0o644), 0)
        let broker = try startBroker()
        let status = await broker.waitForExit(timeout: .seconds(10))
        XCTAssertNotNil(status, "the broker exits")
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(broker.log.contains("chmod 600"), broker.log)
    }

    func testKeyFilesAreMadeOwnerOnlyAndHoldAMatchingPair() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: key("desk"))
        XCTAssertEqual((attributes[.posixPermissions] as? Int).map { $0 & 0o777 }, 0o600)
        let pair = try CurveKeyFile.loadPair(key("desk"))
        XCTAssertEqual(pair.publicKey, try CurveKeyFile.loadPublic(keys.appendingPathComponent("desk.pub").path))
        XCTAssertFalse(try String(contentsOf: keys.appendingPathComponent("desk.pub"), encoding: .utf8).contains(pair.secretKey))
        XCTAssertThrowsError(try CurveKeyFile.generate(name: "desk", in: keys.path), "an existing key is never overwritten")
        XCTAssertEqual(Set(try CurveKeyFile.directory(clients.path).values), ["counter", "desk"])
    }
}
