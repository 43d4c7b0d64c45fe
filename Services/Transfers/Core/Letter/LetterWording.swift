import Documents
import Foundation
import Schema

/// The sentences of the 中国共产党党员组织关系介绍信 (the 2006 form of 组通字〔2006〕45号), filled from
/// one letter. Years, months and days and the validity are in capitals, so they cannot be altered.
struct LetterWording {
    let letter: IntroductionLetter

    static let title = "中国共产党党员组织关系介绍信"

    var number: String { "字第 \(letter.number) 号" }

    var ethnicity: String { letter.ethnicity.hasSuffix("族") ? letter.ethnicity : letter.ethnicity + "族" }

    var destination: String { letter.toUnit.isEmpty ? letter.toOrgName : "\(letter.toOrgName)（\(letter.toUnit)）" }

    /// "贰零贰陆年壹拾壹月" from dues' yyyy-MM; nil when nothing was ever paid or the value is not a month.
    var duesMonth: String? {
        guard let text = letter.duesPaidThrough else { return nil }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), year > 0 else { return nil }
        return ChineseNumerals.formDate(year: year, month: month)
    }

    var dues: String { duesMonth.map { "该同志党费已交到\($0)。" } ?? "该同志尚无党费交纳记录。" }

    var validity: String { "有效期\(ChineseNumerals.counted(letter.validDays))天" }

    /// The issue date in Beijing, where the letter is stamped.
    var date: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = calendar.dateComponents([.year, .month, .day], from: letter.issuedAt)
        return ChineseNumerals.formDate(year: c.year!, month: c.month!, day: c.day!)
    }

    // MARK: 存根

    var stubBody: String {
        "\(letter.memberName)同志（\(letter.sex)），\(letter.age)岁，\(ethnicity)，系中共\(letter.memberType)党员，"
            + "组织关系由\(letter.fromOrgName)转到\(destination)。\(dues)"
    }

    // MARK: 介绍信

    var letterBody: String {
        "\(letter.memberName)同志（\(letter.sex)），\(letter.age)岁，\(ethnicity)，系中共\(letter.memberType)党员，"
            + "身份证号码\(letter.idNumber)，由\(letter.fromOrgName)去\(destination)，请接转组织关系。\(dues)"
    }

    var issuerLines: [String] {
        ["党员原所在基层党委通讯地址：\(letter.issuerAddress)",
         "联系电话：\(letter.issuerPhone)　　传真：\(letter.issuerFax)　　邮编：\(letter.issuerPostcode)"]
    }

    // MARK: 回执联

    var receiptBody: String { "\(letter.memberName)同志的党员组织关系已转达我处，特此回执。" }

    static let receiptNote = "注：回执联由接收党员组织关系的基层党委在接收党员后一个月内邮寄或传真至党员原所在基层党委。"
}
