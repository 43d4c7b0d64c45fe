import Dues
import Foundation
import GatewayApp
import GatewayCore
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import Portal
import Schema
import ServiceKit
import Store

// portalbench: server render time of two administrators' pages, through the real path — the
// gateway's router and the portal's handler (session cookie verified, templates rendered), the call
// encoded as a bus envelope and answered by dues's own handlers (ServiceRouter, the Dues library, a
// real SQLite store) in-process, so only the ZeroMQ hop is left out (busbench measures that):
//
//   swift run -c release portalbench [--iterations 500]
//
// - 标准录入 of a 50-member branch (GET /admin/dues/standards?org=…&month=…): target p99 < 20 ms;
// - 未交党费党员名单, first page, for a committee of 100,000 members, nobody paid yet (the count runs
//   over every row): target p99 < 50 ms;
// against the bare login page (no service call) measured in the same run.

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
let iterations = option("--iterations", 500)
let generals = 20, branchesPerGeneral = 100, perBranch = 50
let members = generals * branchesPerGeneral * perBranch
let month = "2026-11", monthKey = 202611
let committee = "001001", branch = "001001001001"

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

// MARK: dues's store: one committee of 100,000 members (20 general branches × 100 branches × 50)
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("portalbench-\(UUID().uuidString.prefix(8))")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let store = try Store(path: dir.appendingPathComponent("dues.sqlite").path, migrations: DuesMigrations.register)
let seedStart = ContinuousClock.now
try store.pool.write { db in
    try db.execute(sql: "INSERT INTO org VALUES ('001', '中共示范市委', 'committee', NULL, '/001/', 0)")
    try db.execute(sql: "INSERT INTO org VALUES (?, '示范市直机关工委', 'committee', '001', ?, 0)", arguments: [committee, "/001/\(committee)/"])
    let insertOrg = try db.makeStatement(sql: "INSERT INTO org VALUES (?, ?, ?, ?, ?, 0)")
    for g in 1...generals {
        let gc = committee + String(format: "%03d", g)
        try insertOrg.execute(arguments: [gc, "第\(g)党总支", "general_branch", committee, "/001/\(committee)/\(gc)/"])
        for b in 1...branchesPerGeneral {
            let bc = gc + String(format: "%03d", b)
            try insertOrg.execute(arguments: [bc, "第\(g)党总支第\(b)党支部", "branch", gc, "/001/\(committee)/\(gc)/\(bc)/"])
        }
    }
    try db.execute(sql: """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1),
        y AS (SELECT i, (i / ?2) / 100 + 1 AS g, (i / ?2) % 100 + 1 AS k FROM n)
        INSERT INTO member (id, name, orgCode, orgPath, memberType, post, status)
        SELECT printf('m%07d', i), '党员' || i, printf('001001%03d%03d', g, k),
               printf('/001/001001/001001%03d/001001%03d%03d/', g, g, k), 'full',
               CASE WHEN i % ?2 = 0 THEN 'secretary' ELSE 'member' END, 'active'
        FROM y
        """, arguments: [members, perBranch])
    try db.execute(sql: "INSERT INTO branch_month (orgCode, month, status, openedAt, submittedAt) SELECT code, ?, 'submitted', 0, 0 FROM org WHERE type = 'branch'",
                   arguments: [monthKey])
    // Every standard submitted, none paid yet: the unpaid list counts all 100,000.
    try db.execute(sql: """
        INSERT INTO standard (memberId, month, orgCode, orgPath, kind, baseFen, rateBp, amountFen, submitted, settled, arrears)
        SELECT id, ?, orgCode, orgPath, 'employed', base, rate, (base * rate + 5000) / 10000, 1, 0, h % 3
        FROM (SELECT id, orgCode, orgPath, h, 200000 + (h % 1000000) AS base,
                     CASE WHEN 200000 + (h % 1000000) <= 300000 THEN 50 WHEN 200000 + (h % 1000000) <= 500000 THEN 100
                          WHEN 200000 + (h % 1000000) <= 1000000 THEN 150 ELSE 200 END AS rate
              FROM (SELECT id, orgCode, orgPath, (CAST(substr(id, 2) AS INTEGER) * 7919) % 1000003 AS h FROM member))
        """, arguments: [monthKey])
}
try store.pool.writeWithoutTransaction { db in try db.execute(sql: "ANALYZE") }
print(String(format: "portalbench: %d members, %d branches of %d; seeded in %.1f s", members, generals * branchesPerGeneral, perBranch,
             seconds(ContinuousClock.now - seedStart)))

// MARK: dues's handlers for the two operations, registered as DuesServer registers them
let settings = DuesSettings()
let dues = ServiceRouter(service: DuesAPI.service, logger: Logger(label: "dues"))
let nobody = Actor(kind: .anonymous, id: "")
dues.query(DuesAPI.standardsGet) { r, c in
    try await store.read { db in try Standards.get(db, r, by: c.actor ?? nobody) }
}
dues.query(DuesAPI.unpaidList) { r, c in
    try await store.read { db in try Queries.unpaid(db, r, by: c.actor ?? nobody, settings: settings, now: Date()) }
}

/// The gateway's bus, minus the socket: the envelope bytes go to dues's router and its reply comes back.
struct InProcessBus: GatewayBus {
    let router: ServiceRouter
    func send(service: String, envelope: [UInt8], timeout: Duration) async throws(ErrorBody) -> [UInt8] {
        guard service == router.service, let reply = await router.handle([envelope]).first else {
            throw ErrorBody.make(ErrorCode.internal, details: ["service": service])
        }
        return reply
    }
    func available(_ service: String, timeout: Duration) async -> Bool? { service == router.service }
}

// MARK: the gateway with the portal, as GatewayServer mounts it
let secret = Array("portalbench-token-key-0123456789abcdef".utf8)
let limit = RateLimiter(capacity: 1_000_000)
let gatewaySettings = GatewaySettings(maxBodyBytes: 1 << 20, corsOrigins: [], busTimeout: .seconds(5), profileCacheSeconds: 5,
                                      loginPerIP: limit, loginPerAccount: limit, smsPerIP: limit, smsPerAccount: limit, callbackPerIP: limit)
let state = GatewayState(bus: InProcessBus(router: dues), settings: gatewaySettings, logger: Logger(label: "gateway"))
state.verifier.setKeys(["k1": secret])
let router = buildRouter(state: state)
Portal.mount(on: router, state: state, settings: PortalSettings())
let app = Application(router: router)

/// An administrator's session cookie, as the login sets it (base64url JSON of the token pair).
func cookie(org: String) -> HTTPFields {
    let now = Int(Date().timeIntervalSince1970)
    let token = TokenVerifier.sign(TokenClaims(sub: "bench-\(org)", kind: "admin", mid: nil, org: org, roles: [], sid: "s-\(org)",
                                               iat: now - 1, exp: now + 3600), secret: secret)
    let pair = TokenVerifier.base64URL(try! JSONEncoder().encode(["a": token, "r": "refresh"]))
    return [.cookie: "dj_device=bench-device-0001; dj_session=\(pair)"]
}

struct Timing {
    var p50: Double, p99: Double
    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        p50 = sorted[sorted.count / 2] * 1000
        p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))] * 1000
    }
}

/// dues's share of a page: the same call's envelope through dues's router alone (decode, query, encode).
func duesAlone<Request: Codable & Sendable, Reply>(_ operation: BusOperation<Request, Reply>, _ body: Request, org: String) async throws -> Timing {
    let actor = Actor(kind: .admin, id: "bench-\(org)", orgCode: org)
    var samples: [Double] = []
    for i in 0..<(iterations + 20) {
        let bytes: [UInt8] = try Wire.encode(Envelope(type: operation.type, actor: actor, body: body))
        let start = ContinuousClock.now
        let reply = await dues.handle([bytes])
        let elapsed = seconds(ContinuousClock.now - start)
        guard let first = reply.first, try Wire.decodeHeader(first).type == operation.type else { fatalError("dues failed") }
        if i >= 20 { samples.append(elapsed) }
    }
    return Timing(samples)
}

try await app.test(.router) { client in
    /// GETs `uri` `iterations` times (after 20 to warm up), checking every answer: p50/p99 in ms.
    func measure(_ uri: String, headers: HTTPFields, expect: String) async throws -> Timing {
        var samples: [Double] = []
        for i in 0..<(iterations + 20) {
            let start = ContinuousClock.now
            let body = try await client.execute(uri: uri, method: .get, headers: headers) { response in
                guard response.status == .ok else { fatalError("\(uri): \(response.status)") }
                return String(buffer: response.body)
            }
            let elapsed = seconds(ContinuousClock.now - start)
            guard body.contains(expect) else { fatalError("\(uri) lacks \(expect)") }
            if i >= 20 { samples.append(elapsed) }
        }
        return Timing(samples)
    }
    let baseline = try await measure("/login", headers: [:], expect: "党建平台")
    print(String(format: "baseline  GET /login (no service call):             p50 %6.2f ms  p99 %6.2f ms", baseline.p50, baseline.p99))
    let standards = try await measure("/admin/dues/standards?org=\(branch)&month=\(month)", headers: cookie(org: branch), expect: "党员49")
    let standardsDues = try await duesAlone(DuesAPI.standardsGet, BranchMonthRef(orgCode: branch, month: month), org: branch)
    print(String(format: "  of which dues.standards.get alone (router + store): p50 %6.2f ms  p99 %6.2f ms", standardsDues.p50, standardsDues.p99))
    print(String(format: "标准录入  %d-member branch:                         p50 %6.2f ms  p99 %6.2f ms  (target p99 < 20 ms; p50 %.1f× the baseline)",
                 perBranch, standards.p50, standards.p99, standards.p50 / baseline.p50))
    let unpaid = try await measure("/admin/dues/unpaid?org=\(committee)&month=\(month)", headers: cookie(org: committee),
                                   expect: "<strong class=\"dm-count\">\(members)</strong>")
    let unpaidDues = try await duesAlone(DuesAPI.unpaidList, UnpaidQuery(orgCode: committee, month: month, offset: 0, limit: 50), org: committee)
    print(String(format: "  of which dues.unpaid.list alone (router + store):   p50 %6.2f ms  p99 %6.2f ms", unpaidDues.p50, unpaidDues.p99))
    print(String(format: "未交名单  committee of %d, first page of 50:    p50 %6.2f ms  p99 %6.2f ms  (target p99 < 50 ms; p50 %.1f× the baseline)",
                 members, unpaid.p50, unpaid.p99, unpaid.p50 / baseline.p50))
}
