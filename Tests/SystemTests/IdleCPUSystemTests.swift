import Foundation
import XCTest

/// A service with nothing to do uses next to no CPU. Identity's import worker once spun on a
/// finished wakeup stream and burned about 60 % of a core while idle, on every installation.
final class IdleCPUSystemTests: XCTestCase {
    func testIdleServicesDoNotSpin() async throws {
        let cluster = try Cluster()
        try cluster.startBroker()
        let services = ["identity", "dues", "notifications"]
        let processes = try services.map { try cluster.startService($0) }
        for service in services { try await cluster.waitUntilServing(service) }
        let before = processes.map { Self.cpuSeconds(pid: $0.pid) }
        // An observation window, not a synchronisation: how much CPU three idle seconds cost.
        try await Task.sleep(for: .seconds(3))
        for (i, process) in processes.enumerated() {
            let used = Self.cpuSeconds(pid: process.pid) - before[i]
            XCTAssertLessThan(used, 0.6, "\(services[i]) used \(used) s of CPU in 3 idle seconds")
        }
        await cluster.shutdown()
    }

    /// utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15, in clock ticks).
    static func cpuSeconds(pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, so utime (14) and stime (15) sit at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
