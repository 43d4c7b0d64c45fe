import Documents
import Foundation
import Schema

/// The printed 介绍信: its three parts (存根, 介绍信, 回执联) on one A4 page, cut apart along dashed
/// lines, in red and black as the printed form is. A pure function of the letter: the transfers
/// service stores the letter and renders it whenever it is printed.
public enum LetterPDF {
    public static func render(_ letter: IntroductionLetter) throws -> Data {
        let words = LetterWording(letter: letter)
        let writer = try PDFWriter(metadata: .init(title: LetterWording.title, subject: words.number, author: letter.issuerName))
        if letter.state == .voided {
            writer.formTitle("【已作废】" + (letter.voidReason.map { "　\($0)" } ?? ""), size: 12)
        }

        // 第一联 存根: kept by the issuing committee; its 回执联 is pasted here when it comes back.
        writer.formTitle(LetterWording.title + "（存根）", number: words.number, size: 13)
        writer.paragraph(words.stubBody, indentFirstLine: true)
        writer.paragraph("（\(words.validity)）　　　　\(words.date)", alignment: .right)
        writer.paragraph("（贴回执联处）", size: 9, alignment: .center)
        writer.cutLine("（此处加盖骑缝章 · 沿此线剪开）")

        // 第二联 介绍信: carried by the member to the receiving organization.
        writer.formTitle(LetterWording.title, number: words.number, size: 16)
        writer.redRule()
        writer.paragraph(letter.toOrgTitle + "：")
        writer.paragraph(words.letterBody, indentFirstLine: true)
        writer.paragraph("（\(words.validity)）", alignment: .left)
        writer.space(30)
        writer.paragraph("（盖章）", alignment: .right)
        writer.paragraph(words.date, alignment: .right)
        writer.stampOutline("", radius: 42)
        writer.redRule(width: 0.6)
        writer.paragraph("党员联系电话或其它联系方式：", size: 9.5)
        for line in words.issuerLines { writer.paragraph(line, size: 9.5) }
        writer.cutLine()

        // 第三联 回执联: filled and stamped by the receiving committee and sent back.
        writer.formTitle(LetterWording.title + "回执联", number: words.number, size: 13)
        writer.redRule(width: 0.6)
        writer.paragraph(letter.issuerName + "：")
        writer.paragraph(words.receiptBody, indentFirstLine: true)
        writer.space(22)
        writer.paragraph("（盖章）", alignment: .right)
        writer.paragraph("　　年　　月　　日", alignment: .right)
        writer.stampOutline("", radius: 36)
        writer.paragraph("经办人：　　　　　　　　联系电话：", size: 9.5)
        writer.paragraph(LetterWording.receiptNote, size: 8.5)
        return try writer.finish()
    }
}
