import Foundation
import Schema

/// `swift run -c release wirebench`: the cost of writing and reading the hot envelopes, the wire's own
/// JSON writer and reader beside Foundation's JSONEncoder and JSONDecoder (the baselines, measured in
/// the same run).
@main
struct WireBench {
    static func main() throws {
        let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
        let now = Date(timeIntervalSince1970: 1_795_339_800.123)
        let org = OrganizationView(code: "001001", name: "市直机关第一党支部", type: .branch, parentCode: "001",
                                   path: "/001/001001/", depth: 2, unit: "市委组织部", secretaryMemberId: "m-0001",
                                   isVillage: false, dissolvedAt: nil, createdAt: now, updatedAt: now)
        let page = Envelope(type: "identity.org.subtree", id: "8c1b7f52-6f4e-4c1a-9a51-1c3f0b7e2d10",
                            correlationId: "0f0e0d0c-0b0a-0908-0706-050403020100", sentAt: now,
                            actor: Actor(kind: .admin, id: "admin-1", orgCode: "001", roles: ["committee"]),
                            body: OrganizationPage(items: Array(repeating: org, count: 5), total: 120, offset: 0, limit: 5))
        let foundation = Wire.encoder()
        let bytes: [UInt8] = try Wire.encode(page)
        let reference = Array(try foundation.encode(page))
        precondition(bytes == reference, "the wire's writer differs from Foundation")
        print("wirebench: Envelope<OrganizationPage> of 5 organizations, \(bytes.count) bytes, \(iterations) iterations")

        let baseline = try measure(iterations) { _ = try foundation.encode(page) }
        let ours = try measure(iterations) { let _: [UInt8] = try Wire.encode(page) }
        let decoder = Wire.decoder()
        let data = Data(bytes)
        let read = try Wire.decode(OrganizationPage.self, from: bytes)
        let referenceRead = try decoder.decode(Envelope<OrganizationPage>.self, from: data)
        precondition(read == referenceRead, "the wire's reader differs from Foundation")
        let decodeBaseline = try measure(iterations) { _ = try decoder.decode(Envelope<OrganizationPage>.self, from: data) }
        let decode = try measure(iterations) { _ = try Wire.decode(OrganizationPage.self, from: bytes) }
        print(String(format: "encode, Foundation JSONEncoder   %8.2f µs", baseline))
        print(String(format: "encode, Wire (WireJSON)          %8.2f µs  (%.2f× Foundation's time)", ours, ours / baseline))
        print(String(format: "decode, Foundation JSONDecoder   %8.2f µs", decodeBaseline))
        print(String(format: "decode, Wire (WireJSONReader)    %8.2f µs  (%.2f× Foundation's time)", decode, decode / decodeBaseline))
    }

    /// Mean microseconds per call, after a warm-up of a tenth as many.
    static func measure(_ iterations: Int, _ body: () throws -> Void) throws -> Double {
        for _ in 0..<(iterations / 10) { try body() }
        let start = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        let elapsed = ContinuousClock.now - start
        return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
    }
}
