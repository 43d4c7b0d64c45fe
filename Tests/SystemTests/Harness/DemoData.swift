import Foundation
import Identity

/// A small installation as the party statistics export would give it: CSV text for djctl.
struct DemoData {
    struct Person {
        let name: String
        let idNumber: String
        let phone: String
        let branch: String
        let post: String
    }

    let rootCode = "001"
    let branches: [String]
    var people: [Person] = []
    let organizationsCSV: String

    init(membersPerBranch: Int = 4) {
        branches = ["001001001", "001001002"]
        organizationsCSV = """
            组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区
            001001,第一党总支,党总支,001,市直机关,否
            001001001,第一党支部,党支部,001001,市直机关,否
            001001002,第二党支部,党支部,001001,市直机关,否

            """
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"]
        var serial = 0
        for branch in branches {
            for index in 0..<membersPerBranch {
                serial += 1
                // Born 1980-01-01 + serial days, district 330102 (杭州上城), valid GB 11643 check digit.
                let birth = Calendar(identifier: .gregorian).date(byAdding: .day, value: serial * 37,
                                                                  to: DateComponents(calendar: .init(identifier: .gregorian), year: 1980, month: 1, day: 1).date!)!
                let formatter = DateFormatter()
                formatter.dateFormat = "yyyyMMdd"
                formatter.timeZone = TimeZone(identifier: "UTC")
                let first17 = "330102" + formatter.string(from: birth) + String(format: "%03d", 100 + serial)
                people.append(Person(
                    name: surnames[serial % surnames.count] + ["建国", "秀英", "志强", "海燕", "伟", "芳"][serial % 6],
                    idNumber: IDNumber.complete(first17), phone: String(format: "139%08d", 10_000_000 + serial),
                    branch: branch, post: index == 0 ? "书记" : ""))
            }
        }
    }

    /// A larger installation: `organizationsCSV` (the root is djctl's), members spread over `branches`,
    /// one born each day from 1960-01-01 (so a thousand members still have valid, distinct ID numbers).
    init(branches: [String], membersPerBranch: Int, organizationsCSV: String) {
        self.branches = branches
        self.organizationsCSV = organizationsCSV
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"]
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let start = DateComponents(calendar: .init(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 1960, month: 1, day: 1).date!
        var serial = 0
        for branch in branches {
            for index in 0..<membersPerBranch {
                serial += 1
                let birth = start.addingTimeInterval(Double(serial) * 86_400)
                let first17 = "330102" + formatter.string(from: birth) + String(format: "%03d", 100 + serial % 800)
                people.append(Person(
                    name: surnames[serial % surnames.count] + ["建国", "秀英", "志强", "海燕", "伟", "芳"][serial % 6] + String(serial),
                    idNumber: IDNumber.complete(first17), phone: String(format: "139%08d", 10_000_000 + serial),
                    branch: branch, post: index == 0 ? "书记" : ""))
            }
        }
    }

    var membersCSV: String {
        "姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务\n"
            + people.map { "\($0.name),\($0.idNumber),汉族,\($0.phone),正式党员,2010-07-01,\($0.branch),市直机关,\($0.post)" }
                .joined(separator: "\n") + "\n"
    }
}
