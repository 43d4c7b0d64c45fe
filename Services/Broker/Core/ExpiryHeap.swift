/// "Check this service's request queue at this instant" marks, earliest first.
///
/// At most one mark per service with queued requests (`ServiceState.expiryMarked`);
/// the mark is a lower bound for the queue's first expiry, which only moves later as
/// requests are dispatched. This keeps `nextTick` O(1) and the heap small even when
/// every request passes through a queue under load.
struct ExpiryHeap: Sendable {
    struct Mark: Sendable {
        let at: ContinuousClock.Instant
        let service: BytesKey
    }

    private var marks: [Mark] = []

    var first: Mark? { marks.first }
    var isEmpty: Bool { marks.isEmpty }

    mutating func push(_ mark: Mark) {
        marks.append(mark)
        var child = marks.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard marks[child].at < marks[parent].at else { break }
            marks.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> Mark? {
        guard !marks.isEmpty else { return nil }
        marks.swapAt(0, marks.count - 1)
        let top = marks.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < marks.count, marks[left].at < marks[smallest].at { smallest = left }
            if right < marks.count, marks[right].at < marks[smallest].at { smallest = right }
            guard smallest != parent else { break }
            marks.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
