/// Lower-case hex, two digits a byte: ids and fingerprints. `String(format: "%02x")` per byte went
/// through Foundation's formatter each time, once per byte of every order.
extension Sequence where Element == UInt8 {
    var lowercaseHex: String {
        let digits = hexDigitsLower
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private let hexDigitsLower = Array("0123456789abcdef".utf8)
