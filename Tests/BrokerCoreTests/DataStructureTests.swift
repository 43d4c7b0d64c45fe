import XCTest
@testable import BrokerCore

final class DataStructureTests: XCTestCase {
    func testRingBufferIsFIFOAcrossWrapAndGrowth() {
        var ring = RingBuffer<Int>()
        var model: [Int] = []
        var next = 0
        // Interleave pushes and pops so the head wraps while the buffer grows.
        for round in 0..<200 {
            for _ in 0..<(round % 7 + 1) { ring.append(next); model.append(next); next += 1 }
            for _ in 0..<(round % 5) where !model.isEmpty {
                XCTAssertEqual(ring.popFirst(), model.removeFirst())
            }
            XCTAssertEqual(ring.count, model.count)
            XCTAssertEqual(ring.first, model.first)
        }
        XCTAssertEqual(Array(ring), model)
        ring.retain { $0 % 3 == 0 }
        XCTAssertEqual(Array(ring), model.filter { $0 % 3 == 0 })
        while ring.popFirst() != nil {}
        XCTAssertTrue(ring.isEmpty)
        XCTAssertNil(ring.popFirst())
    }

    func testExpiryHeapPopsEarliestFirst() {
        let t0 = ContinuousClock.now
        var heap = ExpiryHeap()
        let offsets = [5, 1, 9, 3, 3, 7, 0, 8, 2, 6]
        for o in offsets { heap.push(.init(at: t0 + .seconds(o), service: BytesKey(f("s\(o)")))) }
        var popped: [ContinuousClock.Instant] = []
        while let mark = heap.popFirst() { popped.append(mark.at) }
        XCTAssertEqual(popped, offsets.sorted().map { t0 + .seconds($0) })
    }

    func testBytesKeyEqualityIsByContent() {
        XCTAssertEqual(BytesKey(f("abc")), BytesKey(Array("abc".utf8)))
        XCTAssertNotEqual(BytesKey(f("abc")), BytesKey(f("abd")))
        XCTAssertNotEqual(BytesKey([]), BytesKey([0]))
        var table: [BytesKey: Int] = [BytesKey(f("x")): 1]
        table[BytesKey(f("x"))] = 2
        XCTAssertEqual(table.count, 1)
    }
}
