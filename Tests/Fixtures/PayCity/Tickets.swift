import Foundation

/// Hands out 0, 1, 2, … below a limit to the tasks of a load (each member's payment once).
public final class Tickets: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    public init() {}
    public func take(below limit: Int) -> Int? {
        lock.withLock {
            guard value < limit else { return nil }
            defer { value += 1 }
            return value
        }
    }
}
