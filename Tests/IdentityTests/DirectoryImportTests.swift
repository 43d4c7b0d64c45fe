import Foundation
import GRDB
import Identity
import Schema
import XCTest

final class DirectoryImportTests: XCTestCase {
    typealias F = DirectoryFixture

    static let orgHeader = "组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区"
    static let memberHeader = "姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务"

    func run(_ f: DirectoryFixture, orgs: String? = nil, members: String? = nil, by actor: Actor? = nil,
             progress: ((Int, Int) -> Void)? = nil) throws -> ImportReply {
        try f.write { db in
            try DirectoryImport.run(db, organizationsCSV: orgs, membersCSV: members, by: actor ?? f.service, now: f.now, progress: progress)
        }
    }

    func testGoodImportWithQuotesCRLFAndBOM() throws {
        let f = try DirectoryFixture()
        let orgs = "\u{FEFF}" + [
            Self.orgHeader,
            "001001003,\"国土资源局\"\"不动产\"\"党总支\",党总支,001001,\"市国土资源局,不动产中心\",否",
            "001001003001,不动产第一党支部,党支部,001001003,,是",
        ].joined(separator: "\r\n") + "\r\n"
        let members = [
            Self.memberHeader,
            "孙七,\(F.idNumber(1).lowercased()),汉族,13911110001,正式党员,2001-07-01,001001003001,\"不动产中心,登记科\",书记",
            "周八,\(F.idNumber(2)),满族,,预备党员,2024/6/30,001001001001,国土资源局,",
        ].joined(separator: "\r\n")
        var calls: [(Int, Int)] = []
        let reply = try run(f, orgs: orgs, members: members, by: f.worksAdmin) { calls.append(($0, $1)) }
        XCTAssertEqual(reply, ImportReply(organizationsCreated: 2, membersCreated: 2, errors: []))
        XCTAssertEqual(calls.last?.0, 4)
        XCTAssertEqual(calls.last?.1, 4)

        let general = try f.read { db in try Organizations.get(db, OrganizationRef(code: "001001003"), by: f.city) }
        XCTAssertEqual(general.name, "国土资源局\"不动产\"党总支")
        XCTAssertEqual(general.unit, "市国土资源局,不动产中心")
        XCTAssertEqual(general.type, .generalBranch)
        XCTAssertEqual(general.path, "/001/001001/001001003/")
        let branch = try f.read { db in try Organizations.get(db, OrganizationRef(code: "001001003001"), by: f.city) }
        XCTAssertTrue(branch.isVillage)
        XCTAssertEqual(branch.depth, 3)

        let sun = try XCTUnwrap(f.read { db in try Members.search(db, MemberSearch(name: "孙七"), by: f.city) }.items.first)
        XCTAssertEqual(sun.orgCode, "001001003001")
        XCTAssertEqual(sun.unit, "不动产中心,登记科")
        XCTAssertEqual(sun.post, .secretary)
        XCTAssertEqual(sun.joinDate, "2001-07-01")
        XCTAssertTrue(sun.reviewed)
        let zhou = try XCTUnwrap(f.read { db in try Members.search(db, MemberSearch(name: "周八"), by: f.city) }.items.first)
        XCTAssertEqual(zhou.memberType, .probationary)
        XCTAssertEqual(zhou.joinDate, "2024-06-30")
        XCTAssertNil(zhou.phone)
        XCTAssertEqual(try f.count("account", "passwordHash = 'initial' AND mustChangePassword = 1 AND kind = 'member'"), 2)
        XCTAssertEqual(try f.events(IdentityEvent.orgCreated), 7 + 2)
        XCTAssertEqual(try f.events(IdentityEvent.memberCreated), 2)
    }

    func testErrorsOnSeveralLinesAreAllReportedAndNothingChanges() throws {
        let f = try DirectoryFixture()
        try f.addMember(50, phone: "13955550000")
        let before = try f.snapshot()
        let orgs = [
            Self.orgHeader,
            "001001003,好的党总支,党总支,001001,,否",          // line 2: fine
            "00100100A,坏代码,党支部,001001003,,否",           // line 3: code not digits
            "002001,前缀不对,党支部,001001003,,否",            // line 4: not prefixed by its parent
            "001001003002,类型不对,党委,001001003,,否",        // line 5: 党委 under 党总支
            "001001003003,,党支部,001001003,,也许",            // line 6: empty name, bad flag
            "001002002,越权,党支部,001002,,否",                // line 7: parent outside the works committee
        ].joined(separator: "\n")
        let members = [
            Self.memberHeader,
            "甲,110105194912310021,汉族,13911110001,正式党员,2001-07-01,001001001001,,",        // 2: checksum
            "乙,\(IDNumber.complete("11010519490231002")),汉族,,正式党员,,001001001001,,",          // 3: bad birth date
            "丙,\(F.idNumber(3)),汉族,1291111000,正式党员,,001001001001,,",                       // 4: bad phone
            "丁,\(F.idNumber(3)),汉族,13911110004,正式党员,,001001001001,,",                      // 5: ID repeats line 4
            "戊,\(F.idNumber(50)),汉族,13955550000,正式党员,,001001001001,,",                     // 6: ID and phone taken in the store
            "己,\(F.idNumber(6)),汉族,,党员,2099-01-01,001001001001,,主任",                        // 7: member type, date, post
            "庚,\(F.idNumber(7)),汉族,,正式党员,,001001001,,",                                    // 8: not a branch
            "辛,\(F.idNumber(8)),汉族,,正式党员,,001002001,,",                                    // 9: outside the scope
            ",\(F.idNumber(9)),汉族,,正式党员,,888,,",                                            // 10: empty name, unknown branch
            "壬,\(F.idNumber(10)),汉族,,正式党员,,001001003,,",                                   // 11: general branch from the file
        ].joined(separator: "\n")
        var progressCalls = 0
        let reply = try run(f, orgs: orgs, members: members, by: f.worksAdmin) { _, _ in progressCalls += 1 }
        XCTAssertEqual(reply.organizationsCreated, 0)
        XCTAssertEqual(reply.membersCreated, 0)
        XCTAssertEqual(progressCalls, 0)
        let found = Set(reply.errors.map { "\($0.file):\($0.line):\($0.column)" })
        let expected: Set<String> = [
            "organizations:3:组织代码", "organizations:4:组织代码", "organizations:5:组织类型",
            "organizations:6:组织名称", "organizations:6:是否村社区", "organizations:7:上级组织代码",
            "members:2:身份证号码", "members:3:身份证号码", "members:4:手机号码", "members:5:身份证号码",
            "members:6:身份证号码", "members:6:手机号码", "members:7:人员类别", "members:7:入党日期", "members:7:党内职务",
            "members:8:所在支部代码", "members:9:所在支部代码", "members:10:姓名", "members:10:所在支部代码",
            "members:11:所在支部代码",
        ]
        XCTAssertEqual(found, expected, "\(reply.errors)")
        XCTAssertTrue(reply.errors.allSatisfy { !$0.reason.isEmpty })
        XCTAssertEqual(reply.errors.first { $0.file == "members" && $0.line == 2 }?.reason, "身份证号码校验位不正确")
        XCTAssertEqual(reply.errors.first { $0.file == "members" && $0.line == 5 }?.reason, "身份证号码与第4行重复")
        XCTAssertEqual(reply.errors.first { $0.file == "members" && $0.line == 8 }?.reason, "不是党支部")
        XCTAssertEqual(try f.snapshot(), before, "nothing of a failed import is applied")

        // The bus error carries the list.
        let error = try XCTUnwrap(DirectoryImport.error(for: reply))
        XCTAssertEqual(error.code, ErrorCode.identityImportInvalid)
        XCTAssertEqual(error.details["count"], String(reply.errors.count))
        let decoded = try JSONDecoder().decode([ImportRowError].self, from: Data(error.details["errors"]!.utf8))
        XCTAssertEqual(decoded, reply.errors)
        XCTAssertNil(DirectoryImport.error(for: ImportReply(organizationsCreated: 1, membersCreated: 0, errors: [])))
    }

    func testMissingColumnsAndBrokenCSV() throws {
        let f = try DirectoryFixture()
        let reply = try run(f, members: "姓名,身份证号码,民族\n张,\(F.idNumber(1)),汉族")
        XCTAssertEqual(Set(reply.errors.map(\.column)), ["人员类别", "所在支部代码"])
        XCTAssertTrue(reply.errors.allSatisfy { $0.line == 1 })
        let broken = try run(f, orgs: Self.orgHeader + "\n001001003,\"未闭合,党总支,001001,,否\n")
        XCTAssertEqual(broken.errors.map(\.line), [2])
        XCTAssertEqual(try f.count("member"), 0)
    }

    func testRootsOnlyForTheCity() throws {
        let f = try DirectoryFixture()
        let orgs = Self.orgHeader + "\n900,新市委,党委,,,否\n900001,新支部,党支部,900,,否"
        let refused = try run(f, orgs: orgs, by: f.worksAdmin)
        XCTAssertEqual(refused.errors.map { "\($0.line):\($0.column)" }, ["2:上级组织代码"])
        let accepted = try run(f, orgs: orgs, by: f.city)
        XCTAssertEqual(accepted.organizationsCreated, 2)
        XCTAssertEqual(try f.read { db in try Organizations.get(db, OrganizationRef(code: "900001"), by: f.city) }.path, "/900/900001/")
    }

    func testMembersRefusedForNonAdministrators() throws {
        let f = try DirectoryFixture()
        assertError(ErrorCode.identityForbidden) {
            _ = try self.run(f, members: Self.memberHeader, by: Actor(kind: .member, id: "m", orgCode: F.branchA))
        }
    }

    func testTenThousandMembersImportWithProgressAndNothingTwice() throws {
        let f = try DirectoryFixture()
        var orgLines = [Self.orgHeader]
        for b in 1...40 {
            orgLines.append("001001001\(String(format: "%03d", 100 + b)),第\(b)党支部,党支部,001001001,国土资源局,否")
        }
        var memberLines = [Self.memberHeader]
        memberLines.reserveCapacity(10_001)
        for n in 0..<10_000 {
            let branch = "001001001\(String(format: "%03d", 101 + n % 40))"
            let phone = n % 3 == 0 ? "" : F.phone(n)
            let type = n % 10 == 0 ? "预备党员" : "正式党员"
            memberLines.append("党员\(n),\(F.idNumber(n)),汉族,\(phone),\(type),2005-07-01,\(branch),\"国土资源局,第\(n % 7)科\",")
        }
        var lastDone = -1, total = 0, calls = 0, monotonic = true
        let started = Date()
        let reply = try run(f, orgs: orgLines.joined(separator: "\r\n"), members: memberLines.joined(separator: "\r\n"), by: f.generalAdmin) { done, t in
            if done < lastDone { monotonic = false }
            lastDone = done
            total = t
            calls += 1
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(reply.errors, [])
        XCTAssertEqual(reply.organizationsCreated, 40)
        XCTAssertEqual(reply.membersCreated, 10_000)
        XCTAssertEqual(total, 10_040)
        XCTAssertEqual(lastDone, 10_040, "progress reaches total")
        XCTAssertTrue(monotonic)
        XCTAssertGreaterThan(calls, 10)
        XCTAssertEqual(try f.count("member"), 10_000)
        XCTAssertEqual(try f.count("member", "memberType = 'probationary'"), 1_000)
        XCTAssertEqual(try f.count("member", "phone IS NULL"), 3_334)
        XCTAssertEqual(try f.count("account", "kind = 'member' AND passwordHash = 'initial'"), 10_000)
        XCTAssertEqual(try f.events(IdentityEvent.memberCreated), 10_000)
        XCTAssertEqual(try f.read { db in try Members.search(db, MemberSearch(orgCode: "001001001101", limit: 1), by: f.generalAdmin) }.total, 250)
        // Speed is measured by `identitybench` (release), not asserted here: a shared CI machine's
        // wall clock would make this test fail for reasons unrelated to the import.
        print("imported 10,000 members in \(String(format: "%.2f", elapsed)) s")

        // Importing the same file again: every row clashes, nothing is added.
        let again = try run(f, members: memberLines.joined(separator: "\n"), by: f.generalAdmin)
        XCTAssertEqual(again.errors.filter { $0.column == "身份证号码" }.count, 10_000)
        XCTAssertEqual(try f.count("member"), 10_000)
    }
}
