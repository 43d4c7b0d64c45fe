import ArgumentParser
import Foundation
import Store

/// `djctl backup`: every service's store copied while the platform runs, with the event logs'
/// positions in the manifest. `djctl restore`: the copy put into an empty data directory.
struct BackupStores: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy every service's store (and its photos and receipts) while the platform runs.")

    @Option(name: .customLong("data-dir"), help: "Directory of the services' stores. Env DJ_DATA_DIR.")
    var dataDir: String = ProcessInfo.processInfo.environment["DJ_DATA_DIR"] ?? "./var/data"
    @Option(help: "An empty (or new) directory for the backup.") var to: String

    func run() async throws {
        do {
            let started = Date()
            let manifest = try Backup.take(dataDir: URL(fileURLWithPath: dataDir), to: URL(fileURLWithPath: to))
            for store in manifest.stores {
                print("\(store.name): \(store.bytes) 字节，事件序号 \(store.eventHead)")
            }
            print("备份完成：\(manifest.stores.count) 个数据库，\(manifest.files.count) 个文件，用时 \(String(format: "%.1f", Date().timeIntervalSince(started))) 秒 → \(to)")
        } catch {
            throw report(error)
        }
    }
}

struct RestoreStores: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup into an empty data directory (the platform stopped, or started on it afterwards).")

    @Option(help: "The backup's directory (with manifest.json).") var from: String
    @Option(name: .customLong("data-dir"), help: "The data directory to restore into (must hold no store). Env DJ_DATA_DIR.")
    var dataDir: String = ProcessInfo.processInfo.environment["DJ_DATA_DIR"] ?? "./var/data"

    func run() async throws {
        do {
            let rewinds = try Backup.restore(from: URL(fileURLWithPath: from), into: URL(fileURLWithPath: dataDir))
            for r in rewinds {
                print("\(r.store) 的 \(r.consumer) 已处理 \(r.source) 事件至 \(r.from)，备份中 \(r.source) 只到 \(r.to)：退回 \(r.to)，之后的新事件将照常处理")
            }
            print("恢复完成 → \(dataDir)")
        } catch {
            throw report(error)
        }
    }
}
