import ArgumentParser
import Bus
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Notifications
import Schema
import Store
import ZeroMQ

/// `swift run -c release notifybench`: one notice fanned out to N members, end to end through the
/// real processes (broker, notifications, provider-sim): from the publish request to the last SMS
/// the simulator accepted. Notifications' copy of the directory (organizations, members, cached
/// phones) is written straight into its store beforehand, so identity is not part of the figure.
@main
struct NotifyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notifybench")

    @Option(help: "Members receiving the notice (limits off).") var members = 100_000
    @Option(help: "Members for the run at the provider limit.") var limitedMembers = 40_000
    @Option(help: "Provider limit, messages/second, for the second run.") var limit = 2_000.0
    @Option(help: "Members for a third run where every member is bound to WeChat (template messages go one by one); 0 skips it.")
    var wechatMembers = 0

    func run() async throws {
        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        print("notifybench: \(ProcessInfo.processInfo.activeProcessorCount) cores; binaries in \(bin.path)")
        let free = try await once(bin: bin, members: members, rate: nil)
        print(String(format: "limits off: %d messages in %.2f s = %.0f messages/s end to end; notifications VmHWM %@; fan-out done after %.2f s",
                     members, free.seconds, Double(members) / free.seconds, free.peak, free.fanout))
        let paced = try await once(bin: bin, members: limitedMembers, rate: limit)
        print(String(format: "limit %.0f/s: steady rate %.0f messages/s (%.1f %% of the limit), %d refused by the provider; VmHWM %@",
                     limit, paced.steadyRate, paced.steadyRate / limit * 100, paced.refused, paced.peak))
        if wechatMembers > 0 {
            let wechat = try await once(bin: bin, members: wechatMembers, rate: nil, wechat: true)
            print(String(format: "all bound to WeChat: %d messages in %.2f s = %.0f messages/s end to end; VmHWM %@",
                         wechatMembers, wechat.seconds, Double(wechatMembers) / wechat.seconds, wechat.peak))
        }
    }

    struct Result { var seconds: Double; var fanout: Double; var peak: String; var steadyRate: Double; var refused: Int }

    func once(bin: URL, members: Int, rate: Double?, wechat: Bool = false) async throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notifybench-\(getpid())-\(members)")
        try? FileManager.default.removeItem(at: dir)
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try seed(path: data.appendingPathComponent("notifications.sqlite").path, members: members, wechat: wechat)

        let broker = "ipc://\(dir.path)/broker.sock", eventsIn = "ipc://\(dir.path)/in.sock", eventsOut = "ipc://\(dir.path)/out.sock"
        let port = 20_000 + Int(getpid() % 20_000)
        var processes: [Process] = []
        defer { for p in processes where p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }
        func launch(_ name: String, _ args: [String], _ env: [String: String] = [:]) throws -> Process {
            let p = Process()
            p.executableURL = bin.appendingPathComponent(name)
            p.arguments = args
            p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            let log = dir.appendingPathComponent("\(name).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: log)
            p.standardError = p.standardOutput
            try p.run()
            processes.append(p)
            return p
        }
        _ = try launch("provider-sim", ["--port", String(port), "--report-delay-ms", "100000000"])
        _ = try launch("broker", ["--bind", broker, "--events-in", eventsIn, "--events-out", eventsOut])
        let sim = "http://127.0.0.1:\(port)"
        try await waitFor { (try? await get(sim + "/_sim/health")) != nil }
        if let rate { try await post(sim + "/_sim/control", ["provider": "sms", "rateLimitPerSecond": rate]) }
        let notifications = try launch("notifications", [], [
            "DJ_BROKER": broker, "DJ_EVENTS_IN": eventsIn, "DJ_EVENTS_OUT": eventsOut, "DJ_DATA_DIR": data.path,
            "DJ_NOTIFY_SOURCES": "", "DJ_SMS_URL": sim + "/", "DJ_WECHAT_URL": sim, "DJ_LOG_FORMAT": "json",
            "DJ_NOTIFY_SMS_RATE": rate.map { String($0) } ?? "0", "DJ_INSTANCE": "bench",
        ])
        let context = try Context()
        let client = try BusClient(context: context, options: .init(endpoint: broker, inFlight: 1, timeout: .seconds(10), retries: 3))
        try await waitFor { await client.isServiceAvailable("notifications", timeout: .milliseconds(300)) }

        let started = ContinuousClock.now
        let notice = try await client.call(NotificationsAPI.noticePublish.type,
            PublishNotice(title: "基准测试通知", content: "全体党员请注意。", orgCodes: ["001"]), as: NoticeView.self,
            actor: Actor(kind: .admin, id: "bench", orgCode: "001", roles: ["city"]))
        var fanout = 0.0
        var samples: [(Double, Int)] = []
        while true {
            let stats = try await get(sim + "/_sim/stats")
            let accepted = ((stats[wechat ? "wechat" : "sms"] as? [String: Any])?["accepted"] as? NSNumber)?.intValue ?? 0
            let t = (ContinuousClock.now - started).seconds
            samples.append((t, accepted))
            if fanout == 0, let done = try? readFanout(data, notice.id), done { fanout = t }
            if accepted >= members { break }
            if t > 900 { throw ValidationError("stalled at \(accepted)/\(members)") }
            try await Task.sleep(for: .milliseconds(100))  // sampling interval of the progress poll
        }
        let seconds = samples.last!.0
        // Steady rate: between 10 % and 90 % of the messages.
        let a = samples.first { $0.1 >= members / 10 }!, b = samples.first { $0.1 >= members * 9 / 10 }!
        let steady = Double(b.1 - a.1) / (b.0 - a.0)
        let peak = (try? String(contentsOfFile: "/proc/\(notifications.processIdentifier)/status", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
        let stats = try await get(sim + "/_sim/stats")
        let refused = ((stats["sms"] as? [String: Any])?["rate_limited"] as? NSNumber)?.intValue ?? 0
        print(String(format: "  %d members%@: %.2f s total, steady %.0f/s, VmHWM %@, provider refused %d",
                     members, rate.map { String(format: " at %.0f/s", $0) } ?? "", seconds, steady, peak, refused))
        await client.close()
        return Result(seconds: seconds, fanout: fanout, peak: peak, steadyRate: steady, refused: refused)
    }

    func readFanout(_ data: URL, _ id: String) throws -> Bool {
        var config = Configuration()
        config.readonly = true
        let db = try DatabaseQueue(path: data.appendingPathComponent("notifications.sqlite").path, configuration: config)
        return try db.read { try Bool.fetchOne($0, sql: "SELECT fanoutDone FROM notice WHERE id = ?", arguments: [id]) ?? false }
    }

    /// The organization tree (root, 100 branches) and members with cached phones, as identity's events
    /// and identity.member.contacts would have left them.
    func seed(path: String, members: Int, wechat: Bool) throws {
        let store = try Store(path: path, migrations: NotificationsMigrations.register)
        let now = Date()
        try store.writeSync { db in
            try db.execute(sql: "INSERT INTO org (code, name, parentCode, path) VALUES ('001', '市委', NULL, '/001/')")
            for b in 0..<100 {
                let code = String(format: "001%03d", b)
                try db.execute(sql: "INSERT INTO org (code, name, parentCode, path) VALUES (?, ?, '001', ?)",
                               arguments: [code, "支部\(b)", "/001/\(code)/"])
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO contact (memberId, name, orgCode, orgPath, status, hasPhone, phone, phoneFetchedAt, openid, updatedAt)
                VALUES (?, ?, ?, ?, 'active', 1, ?, ?, ?, ?)
                """)
            for i in 0..<members {
                let code = String(format: "001%03d", i % 100)
                // The simulator accepts openids of its own shape: "oSim" and 24 URL-safe characters.
                let openid = wechat ? "oSim" + String(format: "%024d", i) : nil
                try insert.execute(arguments: [String(format: "m%07d", i), "党员\(i)", code, "/001/\(code)/",
                                               String(format: "139%08d", i), now, openid, now])
            }
        }
    }

    func waitFor(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !(try await condition()) {
            if ContinuousClock.now > deadline { throw ValidationError("timed out starting") }
            try await Task.sleep(for: .milliseconds(50))  // poll interval of a deadline wait
        }
    }

    func get(_ url: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func post(_ url: String, _ body: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        _ = try await URLSession.shared.data(for: request)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
