import Documents
import Foundation
import Schema

/// Placeholder: a one-page PDF of the letter's main fields. The real 介绍信 layout (存根, 介绍信,
/// 回执联, Chinese capital numerals) replaces this file at merge.
public enum LetterPDF {
    public static func render(_ letter: IntroductionLetter) throws -> Data {
        let pdf = try PDFWriter(metadata: .init(title: "介绍信 \(letter.number)"))
        pdf.title("中国共产党党员组织关系介绍信")
        pdf.row("编号", letter.number)
        pdf.row("姓名", letter.memberName)
        pdf.row("党费交到", letter.duesPaidThrough ?? "—")
        pdf.row("有效期", "\(letter.validDays)天")
        pdf.row("接受地", letter.toOrgTitle)
        return try pdf.finish()
    }
}
