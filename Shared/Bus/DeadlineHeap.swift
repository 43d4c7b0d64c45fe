/// The bus client's attempt deadlines, earliest first (a binary min-heap): requests carry their own
/// timeouts, so deadlines do not arrive in order. Instants are `Monotonic` nanoseconds: with
/// `ContinuousClock.Instant` (a resilient type) every comparison went through generic witnesses, and
/// the heap showed in the gateway's profile.
struct DeadlineHeap {
    struct Entry {
        let at: UInt64
        let tag: UInt64
        let attempt: Int
    }

    private var entries: [Entry] = []

    var earliest: UInt64? { entries.first?.at }
    var count: Int { entries.count }

    mutating func push(at: UInt64, tag: UInt64, attempt: Int) {
        entries.append(Entry(at: at, tag: tag, attempt: attempt))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].at < entries[parent].at else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest entry if it is due at `now`, removed.
    mutating func popDue(_ now: UInt64) -> Entry? {
        guard let first = entries.first, first.at <= now else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].at < entries[smallest].at { smallest = left }
            if right < entries.count, entries[right].at < entries[smallest].at { smallest = right }
            guard smallest != parent else { return first }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
