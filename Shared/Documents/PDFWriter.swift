import CPangoCairo
import Foundation

/// A small layout layer over pango and cairo for the platform's A4 documents (payment vouchers,
/// certificates, transfer letters): a title, paragraphs, label/value rows, tables with right-aligned
/// amounts and a red seal, flowing down the page onto new pages as needed.
///
/// All text is laid out by Pango in "Noto Sans CJK SC" (Debian's fonts-noto-cjk); cairo's PDF
/// surface embeds the subset of glyphs used, so the file reads the same anywhere and `pdftotext`
/// gets the characters back. A writer is used once, by one task: make it, add blocks, `finish()`.
public final class PDFWriter {
    public static let fontFamily = "Noto Sans CJK SC"
    /// A4 in PDF points.
    public static let pageWidth = 595.276, pageHeight = 841.89
    public let margin = 56.0

    public struct Metadata: Sendable {
        public var title: String
        public var subject: String?
        public var author: String?
        public var creator: String
        public init(title: String, subject: String? = nil, author: String? = nil, creator: String = "党建平台") {
            self.title = title; self.subject = subject; self.author = author; self.creator = creator
        }
    }

    public enum Alignment: Sendable { case left, center, right }

    public struct Column: Sendable {
        public var title: String
        /// A share of the text width; the shares of a table's columns are normalised to fill it.
        public var share: Double
        public var alignment: Alignment
        public init(_ title: String, share: Double = 1, alignment: Alignment = .left) {
            self.title = title; self.share = share; self.alignment = alignment
        }
    }

    struct Color { var r, g, b: Double }
    static let black = Color(r: 0, g: 0, b: 0), gray = Color(r: 0.35, g: 0.35, b: 0.35)
    static let sealRed = Color(r: 0.86, g: 0.08, b: 0.09), line = Color(r: 0.6, g: 0.6, b: 0.6)

    private let sink = ByteSink()
    private let surface: OpaquePointer
    let cr: OpaquePointer
    private var finished = false
    /// Where the next block starts, from the top of the page.
    public internal(set) var y: Double
    public private(set) var pageCount = 1

    var textWidth: Double { Self.pageWidth - 2 * margin }

    public init(metadata: Metadata) throws {
        try Self.checkFont()
        guard let surface = cairo_pdf_surface_create_for_stream(ByteSink.write, sink.context, Self.pageWidth, Self.pageHeight) else {
            throw DocumentError.cairo("no PDF surface")
        }
        if cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS {
            cairo_surface_destroy(surface)
            throw DocumentError.cairo("PDF surface failed")
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        if let subject = metadata.subject { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject) }
        if let author = metadata.author { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author) }
        self.surface = surface
        self.cr = cairo_create(surface)
        self.y = margin
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Ends the document and hands back the PDF's bytes.
    public func finish() throws -> Data {
        precondition(!finished, "a PDFWriter finishes once")
        finished = true
        try cairoCheck(cairo_status(cr))
        cairo_surface_finish(surface)
        try cairoCheck(cairo_surface_status(surface))
        return sink.data
    }

    /// Throws when fontconfig resolves the family to another font: without fonts-noto-cjk the PDF
    /// would silently carry boxes (or a font with no Chinese) instead of the text.
    public static func checkFont() throws {
        let fontMap = pango_cairo_font_map_get_default()
        let context = pango_font_map_create_context(fontMap)
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        let description = fontDescription(size: 12, bold: false)
        defer { pango_font_description_free(description) }
        guard let font = pango_font_map_load_font(fontMap, context, description) else {
            throw DocumentError.fontMissing(family: fontFamily, resolved: "nothing")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        let described = pango_font_describe(font)
        defer { pango_font_description_free(described) }
        let resolved = pango_font_description_get_family(described).map { String(cString: $0) } ?? "nothing"
        guard resolved == fontFamily else { throw DocumentError.fontMissing(family: fontFamily, resolved: resolved) }
    }

    static func fontDescription(size: Double, bold: Bool) -> OpaquePointer? {
        let description = pango_font_description_new()
        pango_font_description_set_family(description, fontFamily)
        pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        // Absolute size: device units are PDF points, so 12 means 12 pt whatever the resolution.
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        return description
    }

    // MARK: Text primitives

    /// A Pango layout of `text`; the caller unrefs it.
    func layout(_ text: String, size: Double, bold: Bool, width: Double?, alignment: Alignment) -> OpaquePointer {
        let layout = pango_cairo_create_layout(cr)!
        let description = Self.fontDescription(size: size, bold: bold)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    static func size(of layout: OpaquePointer) -> (width: Double, height: Double) {
        var width: Int32 = 0, height: Int32 = 0
        pango_layout_get_size(layout, &width, &height)
        return (Double(width) / Double(PANGO_SCALE), Double(height) / Double(PANGO_SCALE))
    }

    /// Draws `text` with its top-left at (x, top), wrapped to `width`; returns its height.
    @discardableResult
    func draw(_ text: String, x: Double, top: Double, width: Double?, size: Double = 10.5, bold: Bool = false,
              alignment: Alignment = .left, color: Color = black) -> Double {
        let layout = layout(text, size: size, bold: bold, width: width, alignment: alignment)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        show(layout, text: text, x: x, top: top, size: size, bold: bold)
        return Self.size(of: layout).height
    }

    func measure(_ text: String, width: Double?, size: Double = 10.5, bold: Bool = false) -> (width: Double, height: Double) {
        let layout = layout(text, size: size, bold: bold, width: width, alignment: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        return Self.size(of: layout)
    }

    /// Starts a new page when `height` more points do not fit on this one.
    func ensureSpace(_ height: Double) {
        if y + height > Self.pageHeight - margin { newPage() }
    }

    public func newPage() {
        cairo_show_page(cr)
        pageCount += 1
        y = margin
    }

    // MARK: Blocks

    /// The document's title: bold, centred.
    public func title(_ text: String, size: Double = 20) {
        ensureSpace(size * 2)
        y += draw(text, x: margin, top: y, width: textWidth, size: size, bold: true, alignment: .center)
        y += size * 0.8
    }

    /// A paragraph, wrapped to the text width.
    public func paragraph(_ text: String, size: Double = 10.5, bold: Bool = false, alignment: Alignment = .left,
                          indentFirstLine: Bool = false) {
        let height = measure(text, width: textWidth, size: size, bold: bold).height
        ensureSpace(height)
        let layout = layout(text, size: size, bold: bold, width: textWidth, alignment: alignment)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        // Chinese paragraphs start two characters in.
        if indentFirstLine { pango_layout_set_indent(layout, Int32(2 * size * Double(PANGO_SCALE))) }
        cairo_set_source_rgb(cr, 0, 0, 0)
        show(layout, text: text, x: margin, top: y, size: size, bold: bold)
        y += Self.size(of: layout).height + size * 0.5
    }

    /// "label  value" on one line (the value wraps under itself); a right-aligned value suits amounts.
    public func row(_ label: String, _ value: String, labelWidth: Double = 110, valueAlignment: Alignment = .left,
                    bold: Bool = false) {
        let valueWidth = textWidth - labelWidth
        let height = max(measure(label, width: labelWidth).height, measure(value, width: valueWidth, bold: bold).height)
        ensureSpace(height)
        draw(label, x: margin, top: y, width: labelWidth, color: Self.gray)
        draw(value, x: margin + labelWidth, top: y, width: valueWidth, bold: bold, alignment: valueAlignment)
        y += height + 6
    }

    /// A thin line across the text width.
    public func rule() {
        ensureSpace(8)
        cairo_set_source_rgb(cr, Self.line.r, Self.line.g, Self.line.b)
        cairo_set_line_width(cr, 0.6)
        cairo_move_to(cr, margin, y + 3)
        cairo_line_to(cr, margin + textWidth, y + 3)
        cairo_stroke(cr)
        y += 8
    }

    public func space(_ points: Double) { y += points }

    /// A ruled table; the header repeats on each page the table runs onto, and `footer` rows (totals)
    /// are bold.
    public func table(columns: [Column], rows: [[String]], footer: [[String]] = []) {
        precondition(!columns.isEmpty && (rows + footer).allSatisfy { $0.count == columns.count })
        let total = columns.reduce(0) { $0 + $1.share }
        let widths = columns.map { $0.share / total * textWidth }
        let padding = 5.0
        func height(of cells: [String], bold: Bool) -> Double {
            zip(cells, widths).reduce(0) { max($0, measure($1.0, width: $1.1 - 2 * padding, bold: bold).height) } + 2 * padding
        }
        func drawRow(_ cells: [String], bold: Bool, shaded: Bool) {
            let rowHeight = height(of: cells, bold: bold)
            if shaded {
                cairo_set_source_rgb(cr, 0.93, 0.93, 0.93)
                cairo_rectangle(cr, margin, y, textWidth, rowHeight)
                cairo_fill(cr)
            }
            var x = margin
            for ((cell, width), column) in zip(zip(cells, widths), columns) {
                draw(cell, x: x + padding, top: y + padding, width: width - 2 * padding, bold: bold, alignment: column.alignment)
                x += width
            }
            cairo_set_source_rgb(cr, Self.line.r, Self.line.g, Self.line.b)
            cairo_set_line_width(cr, 0.6)
            cairo_rectangle(cr, margin, y, textWidth, rowHeight)
            x = margin
            for width in widths.dropLast() {
                x += width
                cairo_move_to(cr, x, y)
                cairo_line_to(cr, x, y + rowHeight)
            }
            cairo_stroke(cr)
            y += rowHeight
        }
        let header = columns.map { $0.title }
        ensureSpace(height(of: header, bold: true) + (rows.first.map { height(of: $0, bold: false) } ?? 0))
        drawRow(header, bold: true, shaded: true)
        for (cells, bold) in rows.map({ ($0, false) }) + footer.map({ ($0, true) }) {
            if y + height(of: cells, bold: bold) > Self.pageHeight - margin {
                newPage()
                drawRow(header, bold: true, shaded: true)
            }
            drawRow(cells, bold: bold, shaded: false)
        }
        y += 10
    }
}
