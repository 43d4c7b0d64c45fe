import ArgumentParser
import Foundation
import GRDB
import Identity
import Schema
import Store

/// `swift run -c release identitybench`: login throughput with the production scrypt cost, and
/// member search latency in an installation of 200,000 members, on a real SQLite file.
@main
struct IdentityBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "identitybench")

    @Option(help: "Members in the synthetic installation.") var members = 200_000
    @Option(help: "Branches they are spread over.") var branches = 4_000
    @Option(help: "Search queries measured per kind.") var queries = 500
    @Option(help: "Concurrent logins in flight.") var concurrency = 16
    @Option(help: "Seconds of login load.") var seconds = 5.0

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("identitybench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("identity.sqlite").path, migrations: IdentityMigrations.register)
        let settings = IdentitySettings()
        print("identitybench: \(members) members in \(branches) branches; scrypt N=2^\(settings.scryptLog2N) r=\(settings.scryptR) p=\(settings.scryptP); \(ProcessInfo.processInfo.activeProcessorCount) cores")

        let people = try await Synthetic.install(store: store, members: members, branches: branches)
        try await searchLatency(store: store, people: people)
        try await loginThroughput(store: store, settings: settings, people: Array(people.prefix(concurrency)))
    }

    func searchLatency(store: Store, people: [Synthetic.Person]) async throws {
        let city = Actor(kind: .service, id: "bench")
        var rng = SystemRandomNumberGenerator()
        let kinds: [(String, (Synthetic.Person) -> MemberSearch)] = [
            ("full ID number", { MemberSearch(idNumber: $0.idNumber) }),
            ("full phone", { MemberSearch(phone: $0.phone) }),
            ("ID number, last 6", { MemberSearch(idNumber: String($0.idNumber.suffix(6))) }),
            ("name (2 characters, contains)", { MemberSearch(name: String($0.name.prefix(2))) }),
            ("branch list, first page", { MemberSearch(orgCode: $0.branch, limit: 50) }),
        ]
        for (label, make) in kinds {
            var samples: [Double] = []
            var found = 0
            for _ in 0..<queries {
                let person = people[Int.random(in: 0..<people.count, using: &rng)]
                let request = make(person)
                let start = ContinuousClock.now
                let page = try await store.read { db in try Members.search(db, request, by: city) }
                samples.append((ContinuousClock.now - start).milliseconds)
                found += page.items.isEmpty ? 0 : 1
            }
            samples.sort()
            print(String(format: "search %-30@ p50 %7.2f ms  p99 %7.2f ms  (%d/%d found)", label as NSString,
                         samples[samples.count / 2], samples[Int(Double(samples.count) * 0.99)], found, queries))
        }
    }

    func loginThroughput(store: Store, settings: IdentitySettings, people: [Synthetic.Person]) async throws {
        let auth = AuthService(store: store, environment: AuthEnvironment(
            settings: settings,
            wechat: ClosureWeChatProvider { (_: String) async throws(ProviderError) -> WeChatUser in throw .unavailable("") },
            realName: ClosureRealNameProvider { (_: String, _: String, _: String) async throws(ProviderError) -> RealNameResult in throw .unavailable("") }))
        // Each account goes through its first login once (change password, SMS code read from the
        // event log), so the measured logins are the everyday kind: known device, strong password.
        for person in people {
            let device = "bench-\(person.idNumber)"
            guard case .changePassword(let ticket) = try await auth.login(LoginRequest(identifier: person.idNumber,
                                                                                    password: String(person.idNumber.suffix(6)), deviceId: device)) else { fatalError("first login") }
            guard case .smsCode(let codeTicket, _) = try await auth.loginChangePassword(LoginChangePasswordRequest(ticket: ticket, newPassword: "Bench2026pw")) else { fatalError("sms step") }
            let code = try await store.read { db -> String in
                let envelope = try Data.fetchOne(db, sql: "SELECT envelope FROM store_event WHERE type = 'identity.verification_code.requested' ORDER BY seq DESC LIMIT 1")!
                return try Wire.decode(VerificationCodeRequestedEvent.self, from: envelope).body!.code
            }
            guard case .tokens = try await auth.loginVerifyCode(LoginVerifyCodeRequest(ticket: codeTicket, code: code)) else { fatalError("code") }
        }
        let start = ContinuousClock.now
        let stop = start + .milliseconds(Int(seconds * 1000))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for person in people {
                group.addTask {
                    var done = 0
                    while ContinuousClock.now < stop {
                        guard case .tokens = try await auth.login(LoginRequest(identifier: person.phone, password: "Bench2026pw",
                                                                               deviceId: "bench-\(person.idNumber)")) else { fatalError("login") }
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = (ContinuousClock.now - start).milliseconds / 1000
        print(String(format: "login (phone + password, known device → tokens): %.1f logins/s with %d in flight over %.1f s",
                     Double(counts) / elapsed, people.count, elapsed))
    }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

/// A synthetic installation, imported through the same path as the party statistics export.
enum Synthetic {
    struct Person: Sendable {
        let name: String
        let idNumber: String
        let phone: String
        let branch: String
    }

    static func install(store: Store, members: Int, branches: Int) async throws -> [Person] {
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
        let given = Array("建国秀英志强海燕伟芳军敏静丽强磊洋艳勇杰娟涛明超霞平刚桂英华玉兰萍红鹏辉")
        var orgs = "组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区\n"
        let generals = max(1, branches / 50)
        for g in 0..<generals { orgs += "001\(String(format: "%03d", g)),第\(g + 1)党总支,党总支,001,单位\(g),否\n" }
        var branchCodes: [String] = []
        for b in 0..<branches {
            let general = "001\(String(format: "%03d", b % generals))"
            let code = general + String(format: "%03d", b / generals)
            branchCodes.append(code)
            orgs += "\(code),第\(b + 1)党支部,党支部,\(general),单位\(b),否\n"
        }
        var people: [Person] = []
        people.reserveCapacity(members)
        var csv = "姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务\n"
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let base = Date(timeIntervalSince1970: 0)
        for index in 0..<members {
            let birth = formatter.string(from: base.addingTimeInterval(Double(index % 12_000) * 86_400))
            let id = IDNumber.complete("3301" + String(format: "%02d", index / 12_000 % 100) + birth + String(format: "%03d", index % 1000))
            let name = String(surnames[index % surnames.count]) + String(given[(index / 7) % given.count]) + String(given[(index / 13) % given.count])
            let person = Person(name: name, idNumber: id, phone: String(format: "13%09d", index), branch: branchCodes[index % branches])
            people.append(person)
            csv += "\(name),\(id),汉族,\(person.phone),正式党员,2001-07-01,\(person.branch),单位,\n"
        }
        let start = ContinuousClock.now
        let operatorActor = Actor(kind: .service, id: "bench")
        try await store.write { db in
            try Organizations.create(db, CreateOrganization(code: "001", name: "中共示范市委", type: .committee, parentCode: nil),
                                     by: operatorActor, now: Date())
        }
        let orgsCSV = orgs, membersCSV = csv
        let reply = try await store.write { db in
            try DirectoryImport.run(db, organizationsCSV: orgsCSV, membersCSV: membersCSV, by: operatorActor, now: Date())
        }
        precondition(reply.errors.isEmpty, "import errors: \(reply.errors.prefix(3))")
        print(String(format: "import: %d organizations and %d members in %.1f s", reply.organizationsCreated, reply.membersCreated,
                     (ContinuousClock.now - start).milliseconds / 1000))
        return people
    }
}
