import CPangoCairo
import Foundation

extension PDFWriter {
    /// A red round seal: `ring` (the organisation) set along the upper arc, a star in the middle and
    /// `center` (its use, e.g. 党费收缴专用) beneath the star. It is drawn over the lines just written,
    /// at the right, where a stamp goes; it does not move the flow.
    ///
    /// It only looks like a seal: the document's authority is its number and the platform's records.
    public func seal(ring: String, center: String, radius: Double = 58) {
        let cx = margin + textWidth - radius - 10
        let cy = max(margin + radius, y - radius * 0.55)
        cairo_save(cr)
        // Multiplied like ink: the text under the seal stays readable.
        cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY)
        cairo_set_source_rgb(cr, Self.sealRed.r, Self.sealRed.g, Self.sealRed.b)
        cairo_set_line_width(cr, 2.6)
        cairo_new_sub_path(cr)
        cairo_arc(cr, cx, cy, radius, 0, 2 * .pi)
        cairo_stroke(cr)
        star(cx: cx, cy: cy, outer: radius * 0.26)
        // Ring text: characters spread over the upper arc (at most 240°), each upright to the centre,
        // smaller when the name is long. Drawn as outlines, not text: a seal is a picture, and its
        // rotated characters would otherwise be mixed into the lines that text extraction reads.
        let characters = ring.map { String($0) }
        var fontSize = min(13, radius * 0.24)
        let maxSpan = 240.0 * .pi / 180
        if Double(characters.count) * fontSize * 1.1 / (radius - 5 - fontSize / 2) > maxSpan {
            fontSize = maxSpan * (radius - 5) / (Double(characters.count) * 1.1 + maxSpan / 2)
        }
        let span = min(maxSpan, Double(characters.count) * fontSize * 1.1 / (radius - 5 - fontSize / 2))
        for (index, character) in characters.enumerated() {
            let angle = -span / 2 + span * (Double(index) + 0.5) / Double(characters.count)
            cairo_save(cr)
            cairo_translate(cr, cx, cy)
            cairo_rotate(cr, angle)
            outline(character, size: fontSize, centeredAt: 0, top: -radius + 5)
            cairo_restore(cr)
        }
        let centerSize = min(10, radius * 0.18)
        cairo_save(cr)
        cairo_translate(cr, cx, cy)
        outline(center, size: centerSize, centeredAt: 0, top: radius * 0.36)
        cairo_restore(cr)
        cairo_restore(cr)
    }

    /// Fills `text`'s glyph outlines in the current colour, centred on x = `centeredAt`.
    private func outline(_ text: String, size: Double, centeredAt x: Double, top: Double) {
        let layout = layout(text, size: size, bold: true, width: nil, alignment: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        cairo_move_to(cr, x - Self.size(of: layout).width / 2, top)
        pango_cairo_layout_path(cr, layout)
        cairo_fill(cr)
    }

    private func star(cx: Double, cy: Double, outer: Double) {
        let inner = outer * 0.382
        for point in 0..<10 {
            let r = point % 2 == 0 ? outer : inner
            let angle = -Double.pi / 2 + Double(point) * .pi / 5
            let (x, y) = (cx + r * cos(angle), cy + r * sin(angle))
            if point == 0 { cairo_move_to(cr, x, y) } else { cairo_line_to(cr, x, y) }
        }
        cairo_close_path(cr)
        cairo_fill(cr)
    }
}
