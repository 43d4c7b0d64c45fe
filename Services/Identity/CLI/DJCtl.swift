import ArgumentParser
import Foundation
import Identity
import Schema
import GRDB
import Store

/// The operators' tool. It works on identity's store directly (the service may be running or not:
/// SQLite serialises writers, and the events it appends are published by identity's relay).
@main
struct DJCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "djctl",
        abstract: "Dangjian operator tool: create an installation, import the party statistics export, reset an administrator's password, back up and restore, make bus keys, ask a service's health.",
        subcommands: [Init.self, Import.self, ResetAdminPassword.self, Demo.self, BackupStores.self, RestoreStores.self,
                      Keys.self, HealthCheck.self])
}

struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory of the services' stores. Env DJ_DATA_DIR.")
    var dataDir: String = ProcessInfo.processInfo.environment["DJ_DATA_DIR"] ?? "./var/data"

    @Option(help: "JSON file of installation policies (as for identity). Env DJ_IDENTITY_SETTINGS.")
    var settings: String? = ProcessInfo.processInfo.environment["DJ_IDENTITY_SETTINGS"]

    func openStore() throws -> Store {
        try Store(path: URL(fileURLWithPath: dataDir).appendingPathComponent("identity.sqlite").path,
                  migrations: IdentityMigrations.register)
    }

    func loadSettings() throws -> IdentitySettings {
        guard let settings else { return IdentitySettings() }
        return try JSONDecoder().decode(IdentitySettings.self, from: Data(contentsOf: URL(fileURLWithPath: settings)))
    }

    /// Account operations without the external providers (djctl never binds WeChat or verifies names).
    static func authService(_ store: Store, settings: IdentitySettings) -> AuthService {
        let wechat = ClosureWeChatProvider { (_: String) async throws(ProviderError) -> WeChatUser in
            throw ProviderError.unavailable("not used by djctl")
        }
        let realName = ClosureRealNameProvider { (_: String, _: String, _: String) async throws(ProviderError) -> RealNameResult in
            throw ProviderError.unavailable("not used by djctl")
        }
        return AuthService(store: store, environment: AuthEnvironment(settings: settings, wechat: wechat, realName: realName))
    }

    /// The operator acts as a service: it stands above every organization's scope.
    static let operatorActor = Actor.service("djctl")
}

/// Errors print as the person would see them: the Chinese message and the field.
func report(_ error: any Error) -> ExitCode {
    if let error = error as? ErrorBody {
        var line = "错误 \(error.code): \(error.message)"
        if let field = error.details["field"] { line += "（\(field)）" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    } else {
        FileHandle.standardError.write(Data("错误: \(error)\n".utf8))
    }
    return .failure
}

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an installation: the root organization (the city committee) and its first administrator.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Root organization code (digits).") var code: String
    @Option(help: "Root organization name, e.g. 中共某某市委.") var name: String
    @Option(help: "committee or working_committee.") var type: String = "committee"
    @Option(help: "The first administrator's username (letters and digits).") var admin: String
    @Option(name: .customLong("admin-name"), help: "The first administrator's name (optional).") var adminName: String?
    @Option(name: .customLong("admin-post"), help: "The first administrator's post, e.g. 组织委员 (optional).") var adminPost: String?
    @Option(name: .customLong("admin-mobile"),
            help: "The first administrator's mobile, where its login SMS codes go (optional; without it the login skips the SMS step while adminLoginWithoutMobile allows).")
    var adminMobile: String?

    func run() async throws {
        do {
            let settings = try store.loadSettings()
            let database = try store.openStore()
            guard let orgType = OrganizationType(rawValue: type) else { throw ValidationError("--type must be committee or working_committee") }
            if let adminMobile, !PhoneNumber.isValid(adminMobile) {
                throw ValidationError("--admin-mobile must be an 11-digit mainland mobile number")
            }
            let org = try await database.write { db in
                try Organizations.create(db, CreateOrganization(code: code, name: name, type: orgType, parentCode: nil),
                                         by: StoreOptions.operatorActor, now: Date())
            }
            let auth = StoreOptions.authService(database, settings: settings)
            let account = try await auth.createAdmin(AdminCreateRequest(orgCode: org.code, username: admin, name: adminName,
                                                                        post: adminPost, mobile: adminMobile),
                                                     call: AuthCall(actor: StoreOptions.operatorActor))
            print("已创建组织 \(org.code) \(org.name)")
            print("已创建管理员 \(account.username)，初始密码 \(settings.adminInitialPassword)（首次登录须修改）")
        } catch {
            throw report(error)
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import organizations and members from the party statistics (党统) export, as CSV. All or nothing.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Organizations CSV: 组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区") var organizations: String?
    @Option(help: "Members CSV: 姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务") var members: String?

    func run() async throws {
        guard organizations != nil || members != nil else { throw ValidationError("give --organizations and/or --members") }
        do {
            let orgsCSV = try organizations.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let membersCSV = try members.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let database = try store.openStore()
            let started = Date()
            // On a terminal the figure is rewritten in place; in a log or a pipe each step is a line.
            let terminal = isatty(STDERR_FILENO) == 1
            let reply = try await database.write { db in
                try DirectoryImport.run(db, organizationsCSV: orgsCSV, membersCSV: membersCSV, by: StoreOptions.operatorActor,
                                        now: Date()) { done, total in
                    if done == total || done % 500 == 0 {
                        let line = "导入进度 \(done)/\(total)"
                        FileHandle.standardError.write(Data((terminal ? "\r" + line : line + "\n").utf8))
                    }
                }
            }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            if !reply.errors.isEmpty {
                for error in reply.errors {
                    print("\(error.file == "organizations" ? "组织" : "党员")文件 第\(error.line)行 【\(error.column)】 \(error.reason)")
                }
                print("共 \(reply.errors.count) 处错误，未导入任何数据。")
                throw ExitCode.failure
            }
            print(String(format: "导入完成：组织 %d 个，党员 %d 名，用时 %.1f 秒", reply.organizationsCreated, reply.membersCreated,
                         Date().timeIntervalSince(started)))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(error)
        }
    }
}

struct ResetAdminPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-admin-password",
        abstract: "Reset an administrator's password to the initial one (must change at next login); ends their sessions.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The administrator's username.") var username: String

    func run() async throws {
        do {
            let settings = try store.loadSettings()
            let database = try store.openStore()
            let accountId = try await database.read { db in
                try String.fetchOne(db, sql: "SELECT id FROM account WHERE kind = 'admin' AND username = ? COLLATE NOCASE",
                                    arguments: [username])
            }
            guard let accountId else {
                throw ErrorBody.make(ErrorCode.notFound, details: ["field": "--username"])
            }
            let auth = StoreOptions.authService(database, settings: settings)
            _ = try await auth.resetAccountPassword(AccountResetPasswordRequest(accountId: accountId),
                                                    call: AuthCall(actor: StoreOptions.operatorActor))
            print("管理员 \(username) 的密码已重置为初始密码 \(settings.adminInitialPassword)，下次登录须修改。")
        } catch {
            throw report(error)
        }
    }
}
