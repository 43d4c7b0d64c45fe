import CPangoCairo

/// Debian bookworm's cairo (1.16) embeds a few glyphs of Noto Sans CJK SC blank: its CFF subsetter
/// drops a subroutine the glyph calls, so every reader shows a gap (the text layer is intact, so
/// `pdftotext` still finds the character). A scan of all GB 2312 characters, ASCII and full-width
/// punctuation, regular and bold, found one: 如 in the regular weight. Those characters are drawn
/// again as outlines over the (blank) text, so the page shows them and the text still extracts.
extension PDFWriter {
    static let blankInRegular: Set<Character> = ["如"]

    /// Shows `layout` (made from `text`) with its top-left at (x, top) in the current colour.
    func show(_ layout: OpaquePointer, text: String, x: Double, top: Double, size: Double, bold: Bool) {
        cairo_move_to(cr, x, top)
        pango_cairo_show_layout(cr, layout)
        guard !bold, text.contains(where: { Self.blankInRegular.contains($0) }) else { return }
        var byteIndex: Int32 = 0
        for character in text {
            defer { byteIndex += Int32(character.utf8.count) }
            guard Self.blankInRegular.contains(character) else { continue }
            var rect = PangoRectangle()
            pango_layout_index_to_pos(layout, byteIndex, &rect)
            // One font on every line, so a lone character's layout shares the line's baseline offset.
            let single = self.layout(String(character), size: size, bold: false, width: nil, alignment: .left)
            cairo_move_to(cr, x + Double(rect.x) / Double(PANGO_SCALE), top + Double(rect.y) / Double(PANGO_SCALE))
            pango_cairo_layout_path(cr, single)
            cairo_fill(cr)
            g_object_unref(UnsafeMutableRawPointer(single))
        }
    }
}
