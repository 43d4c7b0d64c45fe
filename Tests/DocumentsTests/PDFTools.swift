import Foundation
import XCTest

/// Runs poppler-utils (pdftotext, pdffonts, pdfinfo) on a rendered PDF, as a reader of the file would
/// see it. deploy/local/install-deps.sh --test installs them.
struct ToolMissing: Error, CustomStringConvertible {
    var tool: String
    var description: String { "\(tool) missing: deploy/local/install-deps.sh --test installs poppler-utils" }
}

enum PDFTools {
    static func run(_ tool: String, on pdf: Data, arguments: [String] = []) throws -> String {
        String(decoding: try output(tool, on: pdf, arguments: arguments), as: UTF8.self)
    }

    static func output(_ tool: String, on pdf: Data, arguments: [String] = []) throws -> Data {
        let executable = "/usr/bin/\(tool)"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            // A failure, not a skip: the documents would go unchecked.
            throw ToolMissing(tool: tool)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString).pdf")
        try pdf.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [file.path] + (tool == "pdftotext" ? ["-"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return data
    }

    /// Pixels darker than mid-grey on the first page rasterised by pdftoppm at 72 dpi: whether the
    /// glyphs are really drawn, which text extraction cannot tell.
    static func darkPixels(_ pdf: Data) throws -> Int {
        let pgm = try output("pdftoppm", on: pdf, arguments: ["-gray", "-r", "72", "-f", "1", "-l", "1"])
        // "P5\n<width> <height>\n255\n" then one byte a pixel.
        var newlines = 0, start = pgm.startIndex
        while newlines < 3, start < pgm.endIndex {
            if pgm[start] == UInt8(ascii: "\n") { newlines += 1 }
            start += 1
        }
        return pgm[start...].reduce(0) { $0 + ($1 < 128 ? 1 : 0) }
    }

    /// The text pdftotext extracts keeping the layout (a table row stays one line), with all whitespace
    /// removed: wrapping may break a line anywhere
    /// between Chinese characters.
    static func compactText(_ pdf: Data) throws -> String {
        try run("pdftotext", on: pdf, arguments: ["-layout", "-enc", "UTF-8"]).filter { !$0.isWhitespace }
    }

    /// pdffonts' rows as (name, embedded).
    static func fonts(_ pdf: Data) throws -> [(name: String, embedded: Bool)] {
        let lines = try run("pdffonts", on: pdf).split(separator: "\n").dropFirst(2)
        return lines.map { line in
            let fields = line.split(separator: " ")
            // … emb sub uni objectID generation: emb is fifth from the end.
            return (String(fields[0]), fields.count >= 5 && fields[fields.count - 5] == "yes")
        }
    }

    /// pdfinfo's "Key: value" lines.
    static func info(_ pdf: Data) throws -> [String: String] {
        var info: [String: String] = [:]
        for line in try run("pdfinfo", on: pdf).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            info[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return info
    }
}
