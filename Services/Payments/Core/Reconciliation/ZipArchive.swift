import CZlib
import Foundation

/// A minimal ZIP reader for the statement archives (Alipay's bill zip): the central directory, stored
/// and deflated entries, CRC checked. Foundation on Linux has no zip API; zlib does the inflating.
struct ZipArchive {
    struct Entry {
        var name: String
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ data: Data) throws {
        bytes = [UInt8](data)
        entries = try ZipArchive.readDirectory(bytes)
    }

    func data(_ entry: Entry) throws -> [UInt8] {
        let at = entry.localHeaderOffset
        guard at + 30 <= bytes.count, ZipArchive.u32(bytes, at) == 0x0403_4b50 else { throw Malformed(description: "bad local header for \(entry.name)") }
        let start = at + 30 + Int(ZipArchive.u16(bytes, at + 26)) + Int(ZipArchive.u16(bytes, at + 28))
        guard start + entry.compressedSize <= bytes.count else { throw Malformed(description: "\(entry.name) runs past the end") }
        let raw = Array(bytes[start..<(start + entry.compressedSize)])
        let content: [UInt8]
        switch entry.method {
        case 0: content = raw
        case 8: content = try ZipArchive.inflate(raw, size: entry.size)
        default: throw Malformed(description: "\(entry.name): compression method \(entry.method) not supported")
        }
        guard content.count == entry.size else { throw Malformed(description: "\(entry.name): size differs") }
        let crc = content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw Malformed(description: "\(entry.name): CRC differs") }
        return content
    }

    private static func readDirectory(_ b: [UInt8]) throws -> [Entry] {
        // The end record is the last 22 bytes plus a comment of at most 65535 bytes.
        guard b.count >= 22 else { throw Malformed(description: "too short for a zip") }
        let lowest = max(0, b.count - 22 - 65_535)
        var end = b.count - 22
        while end > lowest, u32(b, end) != 0x0605_4b50 { end -= 1 }
        guard u32(b, end) == 0x0605_4b50 else { throw Malformed(description: "no end of central directory") }
        let count = Int(u16(b, end + 10))
        var at = Int(u32(b, end + 16))
        var entries: [Entry] = []
        for _ in 0..<count {
            guard at + 46 <= b.count, u32(b, at) == 0x0201_4b50 else { throw Malformed(description: "bad central directory") }
            let flags = u16(b, at + 8)
            let nameLength = Int(u16(b, at + 28)), extra = Int(u16(b, at + 30)), comment = Int(u16(b, at + 32))
            guard at + 46 + nameLength <= b.count else { throw Malformed(description: "bad entry name") }
            let nameBytes = Array(b[(at + 46)..<(at + 46 + nameLength)])
            // Bit 11: the name is UTF-8; otherwise Chinese tools write it in GBK.
            let name = flags & 0x0800 != 0 ? String(decoding: nameBytes, as: UTF8.self) : try GBK.decode(nameBytes)
            entries.append(Entry(name: name, method: u16(b, at + 10), crc: u32(b, at + 16), compressedSize: Int(u32(b, at + 20)),
                                 size: Int(u32(b, at + 24)), localHeaderOffset: Int(u32(b, at + 42))))
            at += 46 + nameLength + extra + comment
        }
        return entries
    }

    /// Raw deflate (no zlib header: window bits -15).
    private static func inflate(_ input: [UInt8], size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(size, 1))
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Malformed(description: "zlib init failed")
        }
        defer { inflateEnd(&stream) }
        var source = input
        let status: Int32 = source.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(size)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { throw Malformed(description: "deflate data corrupt") }
        return Array(output.prefix(size))
    }

    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}
