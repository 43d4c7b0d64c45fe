import Authority
import Schema
import XCTest

/// The scope matrix: every actor × every target × every kind of act, each cell asserted.
///
///     001 city root 党委 ─ 001001 党工委 ─┬─ 001001001 党总支 ─┬─ 001001001001 branch A (mA, secretary sA)
///                                          │                    └─ 001001001002 branch B (mB)
///                                          └─ 001001002 branch D, dissolved
///     002 another root 党委 (the city role reaches it too: it administers everything, not its root)
final class ScopeMatrixTests: XCTestCase {
    typealias Org = Authority.Org

    static let root = Org(code: "001", path: "/001/", type: .committee, dissolved: false)
    static let committee = Org(code: "001001", path: "/001/001001/", type: .workingCommittee, dissolved: false)
    static let general = Org(code: "001001001", path: "/001/001001/001001001/", type: .generalBranch, dissolved: false)
    static let branchA = Org(code: "001001001001", path: "/001/001001/001001001/001001001001/", type: .branch, dissolved: false)
    static let branchB = Org(code: "001001001002", path: "/001/001001/001001001/001001001002/", type: .branch, dissolved: false)
    static let dissolved = Org(code: "001001002", path: "/001/001001/001001002/", type: .branch, dissolved: true)
    static let otherRoot = Org(code: "002", path: "/002/", type: .committee, dissolved: false)
    static let orgs = [root, committee, general, branchA, branchB, dissolved, otherRoot]

    /// A party to the matrix: the actor, and what its service would load for it.
    struct Party {
        var label: String
        var actor: Actor
        var actorOrg: Org?
        var membership: Authority.Membership?
    }

    static func admin(_ label: String, _ org: Org, roles: [String] = []) -> Party {
        Party(label: label, actor: Actor(kind: .admin, id: "admin-\(org.code)", orgCode: org.code, roles: roles), actorOrg: org)
    }

    static func member(_ label: String, _ id: String, _ branch: Org, post: MemberPost = .member, roles: [String] = []) -> Party {
        Party(label: label, actor: Actor(kind: .member, id: id, orgCode: branch.code, roles: roles),
              membership: Authority.Membership(memberId: id, orgCode: branch.code, post: post, status: .active))
    }

    static let parties: [Party] = [
        admin("city admin", root, roles: [Authority.cityRole]),
        admin("committee admin", committee),
        admin("general branch admin", general),
        admin("branch A admin", branchA),
        admin("sibling (branch B) admin", branchB),
        admin("dissolved branch admin", dissolved),
        member("member mA (self)", "mA", branchA),
        member("other member mB", "mB", branchB),
        member("secretary sA", "sA", branchA, post: .secretary, roles: [Authority.secretaryRole]),
        member("role without the post", "mC", branchA, roles: [Authority.secretaryRole]),
        Party(label: "service", actor: .service("dues")),
        Party(label: "anonymous", actor: Actor(kind: .anonymous, id: "")),
    ]

    /// "+" allowed, else the refusal's reason.
    static func cell(_ decision: Authority.Decision) -> String { decision.reason?.rawValue ?? "+" }

    static let out = "out_of_scope", anon = "anonymous", notAdmin = "not_admin", notSelf = "not_self"
    static let notBranch = "not_a_branch", notTheBranch = "not_the_branch", gone = "dissolved", notCommittee = "not_a_committee"

    func assertMatrix(_ act: String, columns: [String], expected: [String: [String]], decide: (Party, Int) -> Authority.Decision,
                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(expected.keys), Set(Self.parties.map(\.label)), "every actor has a row", file: file, line: line)
        for party in Self.parties {
            guard let row = expected[party.label], row.count == columns.count else {
                XCTFail("\(act): row of \(party.label) missing or of the wrong length", file: file, line: line); continue
            }
            for (index, column) in columns.enumerated() {
                XCTAssertEqual(Self.cell(decide(party, index)), row[index], "\(act): \(party.label) on \(column)", file: file, line: line)
            }
        }
    }

    //                                   root  committee general  A      B      dissolved  other root
    func testAdministerOrganization() {
        let all = Array(repeating: "+", count: 7), none = Array(repeating: Self.out, count: 7)
        assertMatrix("administer", columns: Self.orgs.map(\.code), expected: [
            "city admin": all,
            "committee admin": [Self.out, "+", "+", "+", "+", "+", Self.out],
            "general branch admin": [Self.out, Self.out, "+", "+", "+", Self.out, Self.out],
            "branch A admin": [Self.out, Self.out, Self.out, "+", Self.out, Self.out, Self.out],
            "sibling (branch B) admin": [Self.out, Self.out, Self.out, Self.out, "+", Self.out, Self.out],
            "dissolved branch admin": none,
            "member mA (self)": none,
            "other member mB": none,
            "secretary sA": none,
            "role without the post": none,
            "service": all,
            "anonymous": Array(repeating: Self.anon, count: 7),
        ]) { party, i in Authority.administers(party.actor, org: Self.orgs[i], actorOrg: party.actorOrg) }
    }

    func testActOnMember() {
        let targets = [("mA", Self.branchA), ("mB", Self.branchB)]
        assertMatrix("act on member", columns: targets.map(\.0), expected: [
            "city admin": ["+", "+"],
            "committee admin": ["+", "+"],
            "general branch admin": ["+", "+"],
            "branch A admin": ["+", Self.out],
            "sibling (branch B) admin": [Self.out, "+"],
            "dissolved branch admin": [Self.out, Self.out],
            "member mA (self)": ["+", Self.notSelf],
            "other member mB": [Self.notSelf, "+"],
            "secretary sA": [Self.notSelf, Self.notSelf],
            "role without the post": [Self.notSelf, Self.notSelf],
            "service": ["+", "+"],
            "anonymous": [Self.anon, Self.anon],
        ]) { party, i in
            Authority.actsOnMember(party.actor, memberId: targets[i].0, orgPath: targets[i].1.path, actorOrg: party.actorOrg)
        }
    }

    //                                   root  committee general  A      B      dissolved  other root
    func testBranchOnlyAct() {
        let nb = Self.notBranch, tb = Self.notTheBranch, gone = Self.gone
        assertMatrix("branch-only act", columns: Self.orgs.map(\.code), expected: [
            "city admin": [nb, nb, nb, tb, tb, gone, nb],
            "committee admin": [nb, nb, nb, tb, tb, gone, nb],
            "general branch admin": [nb, nb, nb, tb, tb, gone, nb],
            "branch A admin": [nb, nb, nb, "+", tb, gone, nb],
            "sibling (branch B) admin": [nb, nb, nb, tb, "+", gone, nb],
            "dissolved branch admin": [nb, nb, nb, tb, tb, gone, nb],
            "member mA (self)": [nb, nb, nb, tb, tb, gone, nb],
            "other member mB": [nb, nb, nb, tb, tb, gone, nb],
            "secretary sA": [nb, nb, nb, "+", tb, gone, nb],
            "role without the post": [nb, nb, nb, tb, tb, gone, nb],
            "service": [nb, nb, nb, tb, tb, gone, nb],
            "anonymous": [nb, nb, nb, Self.anon, Self.anon, gone, nb],
        ]) { party, i in
            Authority.actsAsBranch(party.actor, branch: Self.orgs[i], actorOrg: party.actorOrg, membership: party.membership)
        }
    }

    //                                   root  committee general  A      B      dissolved  other root
    func testCommitteeOnlyAct() {
        let nc = Array(repeating: Self.notCommittee, count: 7), all = Array(repeating: "+", count: 7)
        let notAdmin = Array(repeating: Self.notAdmin, count: 7)
        assertMatrix("committee-only act", columns: Self.orgs.map(\.code), expected: [
            "city admin": all,
            "committee admin": [Self.out, "+", "+", "+", "+", "+", Self.out],
            "general branch admin": nc,
            "branch A admin": nc,
            "sibling (branch B) admin": nc,
            "dissolved branch admin": nc,
            "member mA (self)": notAdmin,
            "other member mB": notAdmin,
            "secretary sA": notAdmin,
            "role without the post": notAdmin,
            "service": all,
            "anonymous": Array(repeating: Self.anon, count: 7),
        ]) { party, i in Authority.actsAsCommittee(party.actor, path: Self.orgs[i].path, actorOrg: party.actorOrg) }
    }
}
