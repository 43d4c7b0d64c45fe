import Crypto
import Foundation
import GRDB

/// Backups of a data directory while the platform runs (`djctl backup`, `djctl restore`).
///
/// Each store is copied with `VACUUM INTO` on a read-only connection of its own: one read
/// transaction, so the copy is the store as of one instant, and writers are never blocked. The
/// stores are copied one after another, so they are not of the same instant: a consumer's copy may
/// have applied events its producer's copy does not hold yet. `restore` therefore moves each such
/// cursor back to the producer's restored head; the producer's next events then carry new ids and
/// are applied, and a replayed event the consumer already applied is still known by its id (the
/// inbox), so nothing is applied twice. Content files (photos, receipts: named by their SHA-256,
/// written before the rows naming them) are copied after the stores.
public enum Backup {
    public struct Manifest: Codable, Sendable, Equatable {
        public var version = 1
        public var createdAt: Date
        public var stores: [StoreCopy]
        public var files: [FileCopy]
    }

    public struct StoreCopy: Codable, Sendable, Equatable {
        /// The service (and event source) name: `dues` for `dues.sqlite`.
        public var name: String
        public var bytes: Int
        public var sha256: String
        /// The newest event in its log: the position its consumers may have reached.
        public var eventHead: Int64
        public var cursors: [Cursor]
    }

    public struct Cursor: Codable, Sendable, Equatable {
        public var consumer: String
        public var source: String
        public var position: Int64
        public init(consumer: String, source: String, position: Int64) {
            self.consumer = consumer; self.source = source; self.position = position
        }
    }

    public struct FileCopy: Codable, Sendable, Equatable {
        /// Relative to the data directory.
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let manifestName = "manifest.json"

    /// Copies every `*.sqlite` store of `dataDir` and its content files into `destination` (made,
    /// and required empty), and writes `manifest.json` last: a backup without one is incomplete.
    @discardableResult
    public static func take(dataDir: URL, to destination: URL, now: Date = Date()) throws -> Manifest {
        let fm = FileManager.default
        if fm.fileExists(atPath: destination.path), !(try fm.contentsOfDirectory(atPath: destination.path)).isEmpty {
            throw Failure(description: "备份目录不是空的：\(destination.path)")
        }
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        let names = try storeNames(dataDir)
        guard !names.isEmpty else { throw Failure(description: "数据目录中没有数据库：\(dataDir.path)") }
        var stores: [StoreCopy] = []
        for name in names {
            let copy = destination.appendingPathComponent(name + ".sqlite")
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(Store.busyTimeout)
            let source = try DatabaseQueue(path: dataDir.appendingPathComponent(name + ".sqlite").path, configuration: config)
            try source.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy.path]) }
            try source.close()
            let (head, cursors) = try positions(copy)
            let (bytes, sha) = try digest(copy)
            stores.append(StoreCopy(name: name, bytes: bytes, sha256: sha, eventHead: head, cursors: cursors))
        }
        var files: [FileCopy] = []
        for path in try contentFiles(dataDir) {
            let target = destination.appendingPathComponent(path)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: dataDir.appendingPathComponent(path), to: target)
            let (bytes, sha) = try digest(target)
            files.append(FileCopy(path: path, bytes: bytes, sha256: sha))
        }
        let manifest = Manifest(createdAt: now, stores: stores, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(manifest).write(to: destination.appendingPathComponent(manifestName), options: .atomic)
        return manifest
    }

    /// A cursor moved back on restore: `consumer` in store `store` had applied `source` up to `from`,
    /// beyond the `to` that `source`'s restored log holds.
    public struct Rewind: Sendable, Equatable {
        public var store: String
        public var consumer: String
        public var source: String
        public var from: Int64
        public var to: Int64
        public init(store: String, consumer: String, source: String, from: Int64, to: Int64) {
            self.store = store; self.consumer = consumer; self.source = source; self.from = from; self.to = to
        }
    }

    /// Puts the backup in `backup` into `dataDir` (made, and required to hold no store): every file
    /// checked against the manifest first, nothing written if one differs. Returns the cursors moved back.
    @discardableResult
    public static func restore(from backup: URL, into dataDir: URL) throws -> [Rewind] {
        let fm = FileManager.default
        let data = try Data(contentsOf: backup.appendingPathComponent(manifestName))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(Manifest.self, from: data)
        for store in manifest.stores {
            let (bytes, sha) = try digest(backup.appendingPathComponent(store.name + ".sqlite"))
            guard bytes == store.bytes, sha == store.sha256 else { throw Failure(description: "备份已损坏：\(store.name).sqlite 与清单不符") }
        }
        for file in manifest.files {
            let (bytes, sha) = try digest(backup.appendingPathComponent(file.path))
            guard bytes == file.bytes, sha == file.sha256 else { throw Failure(description: "备份已损坏：\(file.path) 与清单不符") }
        }
        if fm.fileExists(atPath: dataDir.path), !(try storeNames(dataDir)).isEmpty {
            throw Failure(description: "目标数据目录中已有数据库，不会覆盖：\(dataDir.path)")
        }
        try fm.createDirectory(at: dataDir, withIntermediateDirectories: true)
        let heads = Dictionary(uniqueKeysWithValues: manifest.stores.map { ($0.name, $0.eventHead) })
        var rewinds: [Rewind] = []
        for store in manifest.stores {
            // Copied under a temporary name and renamed once rewound: a half-restored store never
            // has the name a service opens.
            let staging = dataDir.appendingPathComponent(store.name + ".sqlite.restoring")
            try? fm.removeItem(at: staging)
            try fm.copyItem(at: backup.appendingPathComponent(store.name + ".sqlite"), to: staging)
            let queue = try DatabaseQueue(path: staging.path)
            try queue.inTransaction { db in
                for cursor in store.cursors {
                    guard let head = heads[cursor.source], cursor.position > head else { continue }
                    try db.execute(sql: "UPDATE store_cursor SET position = ? WHERE consumer = ? AND source = ?",
                                   arguments: [head, cursor.consumer, cursor.source])
                    rewinds.append(Rewind(store: store.name, consumer: cursor.consumer, source: cursor.source, from: cursor.position, to: head))
                }
                return .commit
            }
            try queue.close()
            try fm.moveItem(at: staging, to: dataDir.appendingPathComponent(store.name + ".sqlite"))
        }
        for file in manifest.files {
            let target = dataDir.appendingPathComponent(file.path)
            guard !fm.fileExists(atPath: target.path) else { continue }
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: backup.appendingPathComponent(file.path), to: target)
        }
        return rewinds
    }

    static func storeNames(_ dir: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: dir.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sqlite") }
            .map { String($0.dropLast(".sqlite".count)) }.sorted()
    }

    /// Every regular file under `dir` that is not a store or its journal, as relative paths.
    static func contentFiles(_ dir: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let base = dir.standardizedFileURL.path + "/"
        var paths: [String] = []
        for case let url as URL in walker {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base) else { continue }
            let relative = String(path.dropFirst(base.count))
            if !relative.contains("/"), isStoreFile(relative) { continue }
            paths.append(relative)
        }
        return paths.sorted()
    }

    static func isStoreFile(_ name: String) -> Bool {
        [".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal", ".sqlite.restoring"].contains { name.hasSuffix($0) }
    }

    static func positions(_ file: URL) throws -> (Int64, [Cursor]) {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: file.path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM store_event") ?? 0
            let cursors = try Row.fetchAll(db, sql: "SELECT consumer, source, position FROM store_cursor ORDER BY consumer, source")
                .map { Cursor(consumer: $0["consumer"], source: $0["source"], position: $0["position"]) }
            return (head, cursors)
        }
    }

    static func digest(_ file: URL) throws -> (Int, String) {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk)
            bytes += chunk.count
        }
        return (bytes, hash.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
