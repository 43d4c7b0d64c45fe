import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GBK text (Alipay's bill, UnionPay's file) to String. Foundation on Linux has no GBK encoding, so
/// glibc's iconv does it; GB18030 is a superset of GBK. Invalid bytes throw instead of becoming U+FFFD.
enum GBK {
    struct InvalidBytes: Error {}

    static func decode(_ bytes: [UInt8]) throws -> String {
        if bytes.isEmpty { return "" }
        let converter = iconv_open("UTF-8", "GB18030")
        guard let converter, Int(bitPattern: converter) != -1 else { throw InvalidBytes() }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)   // ≤ 2 GBK bytes → ≤ 3 UTF-8 bytes; 4 → 4
        var inLeft = input.count, outLeft = output.count
        let result = input.withUnsafeMutableBytes { inBuf in
            output.withUnsafeMutableBytes { outBuf -> Int in
                var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                return iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
            }
        }
        guard result != -1, inLeft == 0 else { throw InvalidBytes() }
        return String(decoding: output[0..<(output.count - outLeft)], as: UTF8.self)
    }
}
