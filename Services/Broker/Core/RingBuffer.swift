/// FIFO queue with O(1) append and popFirst.
///
/// Waiting workers and queued requests live here; `Array.removeFirst()` would make
/// every dispatch O(n). Slots are optional so a popped element is released at once
/// (request bodies can be large).
struct RingBuffer<Element> {
    private var storage: ContiguousArray<Element?> = []
    private var head = 0
    private(set) var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    var first: Element? { count == 0 ? nil : storage[head] }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        // Capacity is a power of two, so masking wraps the index.
        storage[(head &+ count) & (storage.count &- 1)] = element
        count &+= 1
    }

    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head &+ 1) & (storage.count &- 1)
        count &-= 1
        return element
    }

    /// Inserts `element` so that it becomes the element at `offset` (0: first).
    /// O(offset): the elements before it move one slot toward the front.
    mutating func insert(_ element: Element, at offset: Int) {
        precondition(offset >= 0 && offset <= count, "offset out of range")
        if count == storage.count { grow() }
        let mask = storage.count &- 1
        head = (head &- 1) & mask
        count &+= 1
        for i in 0..<offset {
            storage[(head &+ i) & mask] = storage[(head &+ i &+ 1) & mask]
        }
        storage[(head &+ offset) & mask] = element
    }

    /// Offset of the first element satisfying `predicate`, or `count` if none does.
    func firstOffset(where predicate: (Element) -> Bool) -> Int {
        guard count > 0 else { return 0 }
        let mask = storage.count &- 1
        for i in 0..<count where predicate(storage[(head &+ i) & mask]!) { return i }
        return count
    }

    /// Keeps only the elements satisfying `keep`, in order. O(count).
    mutating func retain(where keep: (Element) -> Bool) {
        var kept = RingBuffer()
        while let element = popFirst() {
            if keep(element) { kept.append(element) }
        }
        self = kept
    }

    private mutating func grow() {
        let newCapacity = Swift.max(16, storage.count * 2)
        var grown = ContiguousArray<Element?>(repeating: nil, count: newCapacity)
        for offset in 0..<count {
            grown[offset] = storage[(head + offset) & (storage.count - 1)]
        }
        storage = grown
        head = 0
    }
}

extension RingBuffer: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate var ring: RingBuffer
        mutating func next() -> Element? { ring.popFirst() }
    }

    func makeIterator() -> Iterator { Iterator(ring: self) }
}

extension RingBuffer: Sendable where Element: Sendable {}
