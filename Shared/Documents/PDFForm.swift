import CPangoCairo
import Foundation

/// Blocks for printed forms (the 介绍信 and its 存根 and 回执联): red titles and rules, a dashed cut
/// line between the parts, and the empty outline where an organization presses its seal.
extension PDFWriter {
    /// A form's title in red, centred, with its number right-aligned beneath (字第…号).
    public func formTitle(_ text: String, number: String? = nil, size: Double = 16) {
        ensureSpace(size * 3)
        y += draw(text, x: margin, top: y, width: textWidth, size: size, bold: true, alignment: .center, color: Self.sealRed)
        if let number {
            y += 2
            y += draw(number, x: margin, top: y, width: textWidth, size: 10.5, alignment: .right)
        }
        y += size * 0.4
    }

    /// A red rule across the text width (the printed form's red lines).
    public func redRule(width: Double = 1.2) {
        ensureSpace(8)
        cairo_set_source_rgb(cr, Self.sealRed.r, Self.sealRed.g, Self.sealRed.b)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, margin, y + 3)
        cairo_line_to(cr, margin + textWidth, y + 3)
        cairo_stroke(cr)
        y += 10
    }

    /// A dashed line from edge to edge with `label` in its middle: where the parts are cut apart.
    public func cutLine(_ label: String = "（沿此线剪开）") {
        ensureSpace(24)
        let size = 8.0
        let labelWidth = measure(label, width: nil, size: size).width
        let middle = Self.pageWidth / 2, lineY = y + 8
        cairo_save(cr)
        cairo_set_source_rgb(cr, Self.gray.r, Self.gray.g, Self.gray.b)
        cairo_set_line_width(cr, 0.7)
        var dashes: [Double] = [4, 3]
        cairo_set_dash(cr, &dashes, 2, 0)
        cairo_move_to(cr, 18, lineY)
        cairo_line_to(cr, middle - labelWidth / 2 - 6, lineY)
        cairo_move_to(cr, middle + labelWidth / 2 + 6, lineY)
        cairo_line_to(cr, Self.pageWidth - 18, lineY)
        cairo_stroke(cr)
        cairo_restore(cr)
        draw(label, x: middle - labelWidth / 2, top: lineY - size * 0.75, width: nil, size: size, color: Self.gray)
        y += 22
    }

    /// The empty red ring where the organization stamps, with `label` (（盖章）) inside, drawn at the
    /// right over the lines just written; it does not move the flow.
    public func stampOutline(_ label: String = "（盖章）", radius: Double = 40) {
        let cx = margin + textWidth - radius - 30
        let cy = max(margin + radius, y - radius * 0.6)
        cairo_save(cr)
        cairo_set_source_rgb(cr, Self.sealRed.r, Self.sealRed.g, Self.sealRed.b)
        cairo_set_line_width(cr, 1)
        var dashes: [Double] = [3, 2]
        cairo_set_dash(cr, &dashes, 2, 0)
        cairo_new_sub_path(cr)
        cairo_arc(cr, cx, cy, radius, 0, 2 * .pi)
        cairo_stroke(cr)
        cairo_restore(cr)
        let size = 9.0
        let width = measure(label, width: nil, size: size).width
        draw(label, x: cx - width / 2, top: cy - size * 0.7, width: nil, size: size, color: Self.sealRed)
    }
}
