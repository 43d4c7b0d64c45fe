import ArgumentParser
import Foundation
import GRDB
import Schema
import ServiceKit

/// Two tiny services that exercise the foundation in system tests and the benchmark:
/// `counter` (commands with request de-duplication, events) and `sink` (consumes counter's events).
@main
struct BusFixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus-fixture",
        abstract: "Test services for the bus: counter and sink.",
        subcommands: [CounterService.self, SinkService.self])
}

enum Counter {
    struct Add: Codable, Sendable { var amount: Int }
    struct Added: Codable, Sendable { var total: Int; var servedBy: String }
    struct Emit: Codable, Sendable { var count: Int }
    struct Emitted: Codable, Sendable { var lastSeq: Int64 }
    struct Slow: Codable, Sendable { var milliseconds: Int }
    struct Echo: Codable, Sendable { var text: String }
}

struct CounterService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "counter")
    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        let instance = runtime.instance
        try await ServiceHost.run(name: "counter", bus: bus, runtime: runtime, migrations: { migrator in
            migrator.registerMigration("counter.v1") { db in
                try db.execute(sql: """
                    CREATE TABLE counter_total (id INTEGER PRIMARY KEY CHECK (id = 1), total INTEGER NOT NULL);
                    INSERT INTO counter_total VALUES (1, 0);
                    CREATE TABLE counter_applied (requestId TEXT NOT NULL, amount INTEGER NOT NULL, servedBy TEXT NOT NULL);
                    """)
            }
        }) { host in
            host.router.command("counter.add", Counter.Add.self, store: host.store) { request, _, db in
                try db.execute(sql: "UPDATE counter_total SET total = total + ?", arguments: [request.amount])
                try db.execute(sql: "INSERT INTO counter_applied VALUES (?, ?, ?)",
                               arguments: [UUID().uuidString, request.amount, instance])
                let total = try Int.fetchOne(db, sql: "SELECT total FROM counter_total") ?? 0
                return Counter.Added(total: total, servedBy: instance)
            }
            host.router.command("counter.emit", Counter.Emit.self, store: host.store) { request, context, db in
                var last: Int64 = 0
                for index in 0..<request.count {
                    last = try context.emit(db, "counter.ticked", ["index": index]).seq
                }
                return Counter.Emitted(lastSeq: last)
            }
            let logger = host.logger
            host.router.query("counter.slow", Counter.Slow.self) { request, _ in
                // The shutdown test waits for this line before sending SIGTERM.
                logger.info("slow request started")
                try await Task.sleep(for: .milliseconds(request.milliseconds))
                return Counter.Echo(text: instance)
            }
            host.router.query("counter.echo", Counter.Echo.self) { request, _ in
                // Logs what it was given, so tests can show the log handlers mask personal data.
                logger.info("echo \(request.text)", metadata: ["text": "\(request.text)"])
                return request
            }
        }
    }
}

struct SinkService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sink")
    @OptionGroup var bus: BusOptions
    @OptionGroup var runtime: RuntimeOptions

    func run() async throws {
        let instance = runtime.instance
        try await ServiceHost.run(name: "sink", bus: bus, runtime: runtime, migrations: { migrator in
            migrator.registerMigration("sink.v1") { db in
                // No uniqueness on purpose: a double application must be visible to the tests.
                try db.execute(sql: "CREATE TABLE sink_applied (eventId TEXT NOT NULL, appliedBy TEXT NOT NULL)")
            }
        }) { host in
            host.consume(["counter"]) { _, event, db in
                try db.execute(sql: "INSERT INTO sink_applied VALUES (?, ?)", arguments: [event.id, instance])
            }
        }
    }
}
