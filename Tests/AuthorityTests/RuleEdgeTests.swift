import Authority
import Schema
import XCTest

/// The edges of single rules that the matrix's tree does not reach.
final class RuleEdgeTests: XCTestCase {
    typealias M = ScopeMatrixTests

    func testAdministeredPath() {
        let city = Actor(kind: .admin, id: "c", orgCode: M.root.code, roles: ["city"])
        XCTAssertEqual(Authority.administeredPath(city, actorOrg: M.root), "/")
        XCTAssertEqual(Authority.administeredPath(city, actorOrg: nil), "/", "the city role needs no organization")
        XCTAssertEqual(Authority.administeredPath(.service("identity"), actorOrg: nil), "/")
        let admin = Actor(kind: .admin, id: "a", orgCode: M.committee.code)
        XCTAssertEqual(Authority.administeredPath(admin, actorOrg: M.committee), M.committee.path)
        XCTAssertNil(Authority.administeredPath(admin, actorOrg: nil), "unknown organization: nothing")
        XCTAssertNil(Authority.administeredPath(Actor(kind: .admin, id: "d", orgCode: M.dissolved.code), actorOrg: M.dissolved))
        let member = Actor(kind: .member, id: "mA", orgCode: M.branchA.code, roles: ["city", "secretary"])
        XCTAssertNil(Authority.administeredPath(member, actorOrg: M.branchA), "a member administers nothing, whatever roles they claim")
        XCTAssertNil(Authority.administeredPath(Actor(kind: .anonymous, id: ""), actorOrg: M.root))
    }

    func testTheCityRoleIsEnoughWithoutItsOrganization() {
        let city = Actor(kind: .admin, id: "c", roles: ["city"])
        XCTAssertEqual(Authority.isCommitteeAdministrator(city, actorOrg: nil), .allowed)
        XCTAssertEqual(Authority.isCommitteeAdministrator(city, actorOrg: M.branchA), .allowed, "whatever its organization's type")
        XCTAssertEqual(Authority.administers(city, org: M.otherRoot, actorOrg: nil), .allowed)
    }

    func testPrefixIsByWholePathSegments() {
        // "/001/0010/" starts with "/001/001" but not with "/001/001/": codes are whole segments.
        let admin = Actor(kind: .admin, id: "a", orgCode: "001")
        let org001 = Authority.Org(code: "001", path: "/001/", type: .committee, dissolved: false)
        XCTAssertEqual(Authority.administers(admin, path: "/0010/", actorOrg: org001), .denied(.outOfScope))
        XCTAssertTrue(Authority.administers(admin, path: "/001/0010/", actorOrg: org001).isAllowed)
    }

    func testTopLevelCoversPositionsNotYetKnown() {
        let city = Actor(kind: .admin, id: "c", roles: ["city"])
        XCTAssertTrue(Authority.actsOnMember(city, memberId: "m", orgPath: "", actorOrg: nil).isAllowed)
        XCTAssertEqual(Authority.actsOnMember(Actor(kind: .admin, id: "a"), memberId: "m", orgPath: "", actorOrg: M.root),
                       .denied(.outOfScope))
    }

    func testMovingOrDissolvingNeedsTheOrganizationBelowOnesOwn() {
        let admin = Actor(kind: .admin, id: "a", orgCode: M.committee.code)
        XCTAssertEqual(Authority.administersBelow(admin, org: M.committee, actorOrg: M.committee), .denied(.ownOrganization))
        XCTAssertEqual(Authority.administersBelow(admin, org: M.general, actorOrg: M.committee), .allowed)
        XCTAssertEqual(Authority.administersBelow(admin, org: M.root, actorOrg: M.committee), .denied(.outOfScope))
        let city = Actor(kind: .admin, id: "c", orgCode: M.root.code, roles: ["city"])
        XCTAssertEqual(Authority.administersBelow(city, org: M.root, actorOrg: M.root), .allowed)
        XCTAssertEqual(Authority.administersBelow(.service("djctl"), org: M.root, actorOrg: nil), .allowed)
    }

    func testTheSecretaryRuleNeedsRolePostBranchAndActiveStatus() {
        func secretary(roles: [String] = ["secretary"], id: String = "sA", memberId: String = "sA", org: String = M.branchA.code,
                       post: MemberPost = .secretary, status: MemberStatus = .active, branch: Authority.Org = M.branchA) -> Bool {
            Authority.isBranchSecretary(Actor(kind: .member, id: id, orgCode: org, roles: roles), of: branch,
                                        membership: Authority.Membership(memberId: memberId, orgCode: org, post: post, status: status))
        }
        XCTAssertTrue(secretary())
        XCTAssertFalse(secretary(roles: []), "the post without the role")
        XCTAssertFalse(secretary(post: .deputySecretary), "the role without the post")
        XCTAssertFalse(secretary(status: .transferredOut))
        XCTAssertFalse(secretary(memberId: "mA"), "someone else's record")
        XCTAssertFalse(secretary(org: M.branchB.code), "secretary of another branch")
        var dissolvedA = M.branchA
        dissolvedA.dissolved = true
        XCTAssertFalse(secretary(branch: dissolvedA))
        XCTAssertFalse(Authority.isBranchSecretary(Actor(kind: .admin, id: "sA", roles: ["secretary"]), of: M.branchA,
                                                   membership: Authority.Membership(memberId: "sA", orgCode: M.branchA.code,
                                                                                    post: .secretary, status: .active)))
        XCTAssertFalse(Authority.isBranchSecretary(Actor(kind: .member, id: "sA", roles: ["secretary"]), of: M.branchA, membership: nil))
    }

    func testAnOrganizationOfUnknownTypeIsNeitherBranchNorCommittee() {
        // Notifications' copy of the tree keeps no type.
        let untyped = Authority.Org(code: "001", path: "/001/", type: nil, dissolved: false)
        let admin = Actor(kind: .admin, id: "a", orgCode: "001")
        XCTAssertTrue(Authority.administers(admin, org: untyped, actorOrg: untyped).isAllowed)
        XCTAssertEqual(Authority.actsAsBranch(admin, branch: untyped, actorOrg: untyped, membership: nil), .denied(.notABranch))
        XCTAssertEqual(Authority.isCommitteeAdministrator(admin, actorOrg: untyped), .denied(.notACommittee))
    }

    func testADissolvedCommitteeAdministersNothing() {
        var gone = M.committee
        gone.dissolved = true
        let admin = Actor(kind: .admin, id: "a", orgCode: gone.code)
        XCTAssertEqual(Authority.isCommitteeAdministrator(admin, actorOrg: gone), .denied(.notACommittee))
        XCTAssertEqual(Authority.administers(admin, org: M.branchA, actorOrg: gone), .denied(.outOfScope))
    }

    func testTheNextCommitteeApproves() {
        let ancestorsOfA = [M.general, M.committee, M.root]   // nearest first
        XCTAssertEqual(Authority.nearestCommittee(ancestorsOfA), M.committee)
        XCTAssertNil(Authority.nearestCommittee([M.general]))
        func decide(_ actor: Actor, _ org: Authority.Org?) -> Authority.Decision {
            Authority.approvesAsNextCommittee(actor, ancestors: ancestorsOfA, actorOrg: org)
        }
        XCTAssertEqual(decide(Actor(kind: .admin, id: "c", orgCode: M.committee.code), M.committee), .allowed)
        XCTAssertEqual(decide(Actor(kind: .admin, id: "r", orgCode: M.root.code), M.root), .denied(.notTheNextCommittee),
                       "a committee further up is not the next one")
        XCTAssertEqual(decide(Actor(kind: .admin, id: "g", orgCode: M.general.code), M.general), .denied(.notTheNextCommittee))
        XCTAssertEqual(decide(Actor(kind: .admin, id: "a", orgCode: M.branchA.code), M.branchA), .denied(.notTheNextCommittee))
        XCTAssertEqual(decide(.service("dues"), nil), .allowed)
        XCTAssertEqual(decide(Actor(kind: .member, id: "sA", roles: ["secretary"]), nil), .denied(.notAdmin))
        XCTAssertEqual(decide(Actor(kind: .anonymous, id: ""), nil), .denied(.anonymous))
    }

    func testAdministratorsOnly() {
        XCTAssertEqual(Authority.isAdministrator(Actor(kind: .admin, id: "a")), .allowed)
        XCTAssertEqual(Authority.isAdministrator(.service("djctl")), .allowed)
        XCTAssertEqual(Authority.isAdministrator(Actor(kind: .member, id: "m")), .denied(.notAdmin))
        XCTAssertEqual(Authority.isAdministrator(Actor(kind: .anonymous, id: "")), .denied(.anonymous))
    }

    func testAMemberWithoutAnIdIsNobody() {
        XCTAssertEqual(Authority.actsOnMember(Actor(kind: .member, id: ""), memberId: "", orgPath: "/001/", actorOrg: nil),
                       .denied(.notSelf))
    }

    /// An administrator account's messages: the account itself, administrators over its organization,
    /// the city and services; never a member.
    func testActsOnAdministrator() {
        let accountA = Actor(kind: .admin, id: "acc-A", orgCode: M.branchA.code)
        let path = M.branchA.path
        XCTAssertEqual(Authority.actsOnAdministrator(accountA, accountId: "acc-A", orgPath: path, actorOrg: M.branchA), .allowed)
        XCTAssertEqual(Authority.actsOnAdministrator(accountA, accountId: "acc-A", orgPath: path, actorOrg: nil), .allowed,
                       "oneself, even when the copy does not know the organization yet")
        let above = Actor(kind: .admin, id: "acc-G", orgCode: M.general.code)
        XCTAssertEqual(Authority.actsOnAdministrator(above, accountId: "acc-A", orgPath: path, actorOrg: M.general), .allowed)
        XCTAssertEqual(Authority.actsOnAdministrator(above, accountId: "acc-G", orgPath: M.general.path, actorOrg: M.general), .allowed)
        let sibling = Actor(kind: .admin, id: "acc-B", orgCode: M.branchB.code)
        XCTAssertEqual(Authority.actsOnAdministrator(sibling, accountId: "acc-A", orgPath: path, actorOrg: M.branchB), .denied(.outOfScope))
        XCTAssertEqual(Authority.actsOnAdministrator(accountA, accountId: "acc-G", orgPath: M.general.path, actorOrg: M.branchA),
                       .denied(.outOfScope), "not the administrator above")
        XCTAssertEqual(Authority.actsOnAdministrator(Actor(kind: .member, id: "acc-A"), accountId: "acc-A", orgPath: path, actorOrg: nil),
                       .denied(.notAdmin), "a member with the same id is not the account")
        XCTAssertEqual(Authority.actsOnAdministrator(.service("dues"), accountId: "acc-A", orgPath: path, actorOrg: nil), .allowed)
        XCTAssertEqual(Authority.actsOnAdministrator(Actor(kind: .anonymous, id: ""), accountId: "acc-A", orgPath: path, actorOrg: nil),
                       .denied(.anonymous))
        XCTAssertEqual(Authority.actsOnAdministrator(Actor(kind: .admin, id: ""), accountId: "", orgPath: path, actorOrg: nil),
                       .denied(.outOfScope), "no id is nobody")
    }
}
