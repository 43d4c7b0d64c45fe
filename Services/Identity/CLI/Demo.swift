import ArgumentParser
import Foundation
import GRDB
import Identity
import Schema

/// `djctl demo`: a small demo city to try the platform with at once. One committee (created if
/// `djctl init` has not made it), two general branches, six branches, 20 members each with generated
/// Chinese names, valid ID numbers and unique 139 phones, through the same import as the 党统 export;
/// plus the committee's demo administrator `demoadmin`. Prints a member login and the admin login.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a small demo city (committee 001, 2 general branches, 6 branches, 120 members) and the administrator demoadmin.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Members per branch.") var membersPerBranch: Int = 20
    @Option(name: .customLong("logins-json"), help: "Also write every demo login (members and administrators, with initial passwords) to this JSON file, for tests and trainers.")
    var loginsJSON: String?

    /// The demo's branch administrators, to try a branch's month (标准录入, 线下交纳): the first branch
    /// of each general branch.
    static let branchAdmins = [(username: "branchadmin", orgCode: "001001001"), (username: "branchadmin2", orgCode: "001002001")]

    static let rootCode = "001"
    static let generalBranches = [("001001", "机关第一党总支"), ("001002", "机关第二党总支")]
    static let branchNames = ["第一党支部", "第二党支部", "第三党支部"]

    /// The demo's people, deterministic: the same every run.
    static func people(perBranch: Int) -> [(name: String, idNumber: String, phone: String, branch: String, post: String)] {
        let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
        let given = ["建国", "秀英", "志强", "海燕", "伟", "芳", "丽娟", "军", "敏", "静", "明辉", "晓东", "红梅", "国强", "桂兰", "文博", "雅琴", "浩然"]
        var result: [(String, String, String, String, String)] = []
        var serial = 0
        for (general, _) in generalBranches {
            for b in 1...branchNames.count {
                let branch = general + String(format: "%03d", b)
                for index in 0..<perBranch {
                    serial += 1
                    let year = 1960 + serial % 40, month = 1 + serial % 12, day = 1 + serial % 28
                    let first17 = "330102" + String(format: "%04d%02d%02d%03d", year, month, day, serial % 1000)
                    let name = String(surnames[serial % surnames.count]) + given[(serial / surnames.count + serial) % given.count]
                    result.append((name, IDNumber.complete(first17), String(format: "139%08d", 20_000_000 + serial), branch,
                                   index == 0 ? "书记" : (index == 1 ? "副书记" : "")))
                }
            }
        }
        return result
    }

    func run() async throws {
        do {
            let settings = try store.loadSettings()
            let database = try store.openStore()
            let hasRoot = try await database.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM organization WHERE code = ?", arguments: [Self.rootCode]) ?? false
            }
            if !hasRoot {
                _ = try await database.write { db in
                    try Organizations.create(db, CreateOrganization(code: Self.rootCode, name: "中共示范市委", type: .committee, parentCode: nil),
                                             by: StoreOptions.operatorActor, now: Date())
                }
            }
            var orgs = "组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区\n"
            for (code, name) in Self.generalBranches {
                orgs += "\(code),\(name),党总支,\(Self.rootCode),示范市直机关,否\n"
                for (i, branch) in Self.branchNames.enumerated() {
                    orgs += "\(code)\(String(format: "%03d", i + 1)),\(name)\(branch),党支部,\(code),示范市直机关,\(i == 2 ? "是" : "否")\n"
                }
            }
            let people = Self.people(perBranch: max(3, membersPerBranch))
            var members = "姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务\n"
            for (i, p) in people.enumerated() {
                let type = i % 10 == 9 ? "预备党员" : "正式党员"
                members += "\(p.name),\(p.idNumber),汉族,\(p.phone),\(type),\(2000 + i % 24)-07-01,\(p.branch),示范市直机关,\(p.post)\n"
            }
            let orgsCSV = orgs, membersCSV = members
            let reply = try await database.write { db in
                try DirectoryImport.run(db, organizationsCSV: orgsCSV, membersCSV: membersCSV, by: StoreOptions.operatorActor, now: Date())
            }
            if !reply.errors.isEmpty {
                for error in reply.errors { print("\(error.file) 第\(error.line)行 【\(error.column)】 \(error.reason)") }
                throw ExitCode.failure
            }
            let auth = StoreOptions.authService(database, settings: settings)
            let admin = try await auth.createAdmin(AdminCreateRequest(orgCode: Self.rootCode, username: "demoadmin"),
                                                   call: AuthCall(actor: StoreOptions.operatorActor))
            for branchAdmin in Self.branchAdmins {
                _ = try await auth.createAdmin(AdminCreateRequest(orgCode: branchAdmin.orgCode, username: branchAdmin.username),
                                               call: AuthCall(actor: StoreOptions.operatorActor))
            }
            if let loginsJSON {
                try Self.writeLogins(people, admins: [(admin.username, Self.rootCode)] + Self.branchAdmins.map { ($0.username, $0.orgCode) },
                                     adminPassword: settings.adminInitialPassword, to: loginsJSON)
            }
            let member = people[2]
            print("演示数据已创建：组织 \(reply.organizationsCreated) 个，党员 \(reply.membersCreated) 名")
            print("演示党员登录：身份证号 \(member.idNumber)，初始密码 \(member.idNumber.suffix(6))（\(member.name)，手机 \(member.phone)）")
            print("演示管理员登录：用户名 \(admin.username)，初始密码 \(settings.adminInitialPassword)（首次登录须修改）")
            for branchAdmin in Self.branchAdmins {
                print("演示支部管理员登录：用户名 \(branchAdmin.username)，初始密码 \(settings.adminInitialPassword)（支部 \(branchAdmin.orgCode)）")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(error)
        }
    }

    /// Members' initial password is the last six characters of the ID number, as the import sets it.
    static func writeLogins(_ people: [(name: String, idNumber: String, phone: String, branch: String, post: String)],
                            admins: [(String, String)], adminPassword: String, to path: String) throws {
        let members: [[String: String]] = people.map {
            ["name": $0.name, "idNumber": $0.idNumber, "phone": $0.phone, "orgCode": $0.branch, "post": $0.post,
             "password": String($0.idNumber.suffix(6))]
        }
        let adminList: [[String: String]] = admins.map { ["username": $0.0, "orgCode": $0.1, "password": adminPassword] }
        let data = try JSONSerialization.data(withJSONObject: ["members": members, "admins": adminList], options: [.prettyPrinted, .sortedKeys])
        // Initial passwords: readable by the operator only.
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(path)")
        }
    }
}
