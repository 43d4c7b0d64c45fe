import CXLSXWriter
import Foundation

/// One worksheet of strings written by libxlsxwriter (Debian's libxlsxwriter): dues' exports and the
/// meetings ledger. Empty cells are left out.
public enum XLSXSheet {
    public static func write(sheetName: String, rows: [[String]]) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dj-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let workbook = workbook_new(path) else { throw DocumentError.xlsx("workbook_new") }
        let sheet = workbook_add_worksheet(workbook, sheetName)
        for (r, line) in rows.enumerated() {
            for (c, value) in line.enumerated() where !value.isEmpty {
                _ = worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), value, nil)
            }
        }
        guard workbook_close(workbook) == LXW_NO_ERROR else { throw DocumentError.xlsx("workbook_close") }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
