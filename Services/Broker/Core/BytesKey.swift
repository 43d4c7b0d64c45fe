/// Dictionary key over raw frame bytes (peer identities, service names) with the
/// hash computed once.
///
/// `[UInt8]`'s own `Hashable` feeds the hasher byte by byte; this hashes the buffer
/// in one call and keeps the result, so a key stored in a worker or waiting entry
/// is looked up again without rehashing its bytes.
struct BytesKey: Hashable, Sendable {
    let bytes: Frame
    private let hashValueCache: Int

    init(_ bytes: Frame) {
        self.bytes = bytes
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        hashValueCache = hasher.finalize()
    }

    static func == (lhs: BytesKey, rhs: BytesKey) -> Bool {
        lhs.hashValueCache == rhs.hashValueCache && lhs.bytes == rhs.bytes
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hashValueCache)
    }
}
