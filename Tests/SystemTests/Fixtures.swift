import Bus
import Schema

/// The counter fixture's messages, as the tests send them.
struct Add: Codable, Sendable { var amount: Int }
struct Added: Codable, Sendable { var total: Int; var servedBy: String }
struct Emit: Codable, Sendable { var count: Int }
struct Emitted: Codable, Sendable { var lastSeq: Int64 }
struct Slow: Codable, Sendable { var milliseconds: Int }
struct Echo: Codable, Sendable { var text: String }
