import Foundation

/// RFC 4180 CSV as spreadsheets export it: quoted fields with "" for a quote, commas and line
/// breaks inside quotes, CRLF / LF / CR line ends, an optional UTF-8 BOM. Blank lines are skipped.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based physical line where the record starts.
        public var line: Int
        public var fields: [String]
    }

    public struct ParseError: Error, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    public static func parse(_ text: String) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var afterQuote = false          // just closed a quoted field
        var line = 1
        var recordLine = 1
        var quoteLine = 1

        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            afterQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        var i = 0
        let n = scalars.count
        while i < n {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < n, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    if c == "\n" || (c == "\r" && !(i + 1 < n && scalars[i + 1] == "\n")) { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case ",":
                endField()
            case "\r", "\n":
                if c == "\r", i + 1 < n, scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                    quoteLine = line
                } else {
                    throw ParseError(line: line, reason: "引号位置不正确")
                }
            default:
                if afterQuote {
                    // Text after a closing quote: "abc"def. Spreadsheets never write it.
                    throw ParseError(line: line, reason: "引号位置不正确")
                }
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw ParseError(line: quoteLine, reason: "引号未闭合") }
        if !field.isEmpty || !fields.isEmpty || afterQuote { endRecord() }
        return records
    }

    /// Quotes a field when it needs it (for writing CSV, e.g. exports and tests).
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
