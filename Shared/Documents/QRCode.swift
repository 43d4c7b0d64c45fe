import CPangoCairo
import CQREncode
import Foundation

/// QR codes drawn by libqrencode (Debian's libqrencode): the payment page's code and, later, the
/// meetings' check-in codes. Always error-correction level M and 8-bit mode, so any UTF-8 text
/// (a URL, a check-in token) encodes as its bytes.
public enum QRCode {
    /// The modules, row by row, `true` for dark; the smallest version that holds the text, without
    /// the quiet zone (the caller or `svg`/`png` adds it).
    public static func matrix(for text: String) throws -> [[Bool]] {
        let bytes = Array(text.utf8)
        // QRcode_encodeData is 8-bit mode for the whole input; version 0 = the smallest that fits.
        guard let code = bytes.withUnsafeBufferPointer({ buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, QR_ECLEVEL_M)
        }) else { throw DocumentError.qrEncodingFailed(text: text) }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        return (0..<width).map { row in
            // Bit 0 of each byte is the module's colour; the other bits say what part it is.
            (0..<width).map { column in data[row * width + column] & 1 == 1 }
        }
    }

    /// A compact SVG: a white background and one `<path>` of the dark modules in module units
    /// (viewBox includes a 4-module quiet zone). Only presentation attributes, no `style`, so a page
    /// under `default-src 'self'` shows it as it is.
    public static func svg(for text: String, moduleSize: Int = 4, quietZone: Int = 4) throws -> String {
        precondition(moduleSize > 0 && quietZone >= 0)
        let modules = try matrix(for: text)
        let side = modules.count + 2 * quietZone
        var path = ""
        for (y, row) in modules.enumerated() {
            var x = 0
            while x < row.count {
                guard row[x] else { x += 1; continue }
                // One rectangle per horizontal run of dark modules keeps the path short.
                let start = x
                while x < row.count, row[x] { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let pixels = side * moduleSize
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" height="\(pixels)" \
        shape-rendering="crispEdges"><rect width="\(side)" height="\(side)" fill="#fff"/>\
        <path fill="#000" d="\(path)"/></svg>
        """
    }

    /// A PNG drawn on a cairo image surface: `scale` pixels a module, with the quiet zone.
    public static func png(for text: String, scale: Int = 8, quietZone: Int = 4) throws -> Data {
        precondition(scale > 0 && quietZone >= 0)
        let modules = try matrix(for: text)
        let side = (modules.count + 2 * quietZone) * scale
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(side), Int32(side)) else {
            throw DocumentError.cairo("no image surface")
        }
        defer { cairo_surface_destroy(surface) }
        try cairoCheck(cairo_surface_status(surface))
        guard let cr = cairo_create(surface) else { throw DocumentError.cairo("no context") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                cairo_rectangle(cr, Double((x + quietZone) * scale), Double((y + quietZone) * scale), Double(scale), Double(scale))
            }
        }
        cairo_fill(cr)
        try cairoCheck(cairo_status(cr))
        let sink = ByteSink()
        try withExtendedLifetime(sink) {
            try cairoCheck(cairo_surface_write_to_png_stream(surface, ByteSink.write, sink.context))
        }
        return sink.data
    }
}
