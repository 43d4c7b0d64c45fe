import Documents
import Foundation
import Meetings
import Schema
import XCTest

/// 三务公开: village and community branches publish, with photos; only their own members (and the
/// administrators above) see the posts.
final class AffairsTests: XCTestCase {
    static let village = "001001003"

    func testAVillageBranchPublishesAndOnlyItsMembersSeeIt() throws {
        let f = try Fixture()
        try f.store.writeSync { db in
            try DirectoryCopy.upsert(db, OrganizationEvent(code: Self.village, name: "东村党支部", type: .branch, parentCode: Fixture.committee,
                                                           path: Fixture.path(Self.village), depth: 3, unit: "", isVillage: true,
                                                           secretaryMemberId: nil, dissolved: false))
        }
        try f.addMember("v1", name: "村民党员", org: Self.village)
        try f.addMember("m1")
        let photos = f.dir.appendingPathComponent("photos")
        let settings = f.settings
        let publish = { (r: PublishAffairsRequest, actor: Actor) in
            try f.store.writeSync { db in try Affairs.publish(db, r, by: actor, settings: settings, directory: photos, now: Date()) }
        }
        let png = try QRCode.png(for: "财务公开")
        let post = try publish(PublishAffairsRequest(category: .finance, title: "2025年第三季度财务公开", content: "收入 12,000 元，支出 8,500 元。",
                                                     photosBase64: [png.base64EncodedString()]), Fixture.admin(Self.village))
        XCTAssertEqual(post.photos.map(\.sha256), [ContentFiles.sha256(png)])
        XCTAssertEqual(post.orgName, "东村党支部")

        // A branch that is not a village or community branch does not publish them.
        assertRefused(ErrorCode.meetingsNotVillage, field: "body.orgCode") {
            try publish(PublishAffairsRequest(category: .party, title: "党务公开", content: "内容"), Fixture.admin(Fixture.branch))
        }
        assertRefused(ErrorCode.meetingsPhotoTypeInvalid, field: "body.photosBase64[1]") {
            try publish(PublishAffairsRequest(category: .party, title: "党务公开", content: "内容",
                                              photosBase64: [png.base64EncodedString(), Data("GIF89a".utf8).base64EncodedString()]),
                        Fixture.admin(Self.village))
        }
        let list = { (actor: Actor) in try f.store.readSync { db in try Affairs.list(db, AffairsQuery(), by: actor) } }
        XCTAssertEqual(try list(Fixture.member("v1")).items.map(\.title), ["2025年第三季度财务公开"], "only the good post was kept")
        XCTAssertEqual(try list(Fixture.admin(Fixture.committee)).total, 1)
        assertRefused(ErrorCode.meetingsNotVillage) { try list(Fixture.member("m1")) }

        let photo = { (actor: Actor) in
            try f.store.readSync { db in
                try Affairs.photo(db, AffairsPhotoRef(postId: post.postId, sha256: post.photos[0].sha256), by: actor, directory: photos)
            }
        }
        XCTAssertEqual(Data(base64Encoded: try photo(Fixture.member("v1")).contentBase64), png)
        assertRefused(ErrorCode.meetingsNotVillage) { try photo(Fixture.member("m1")) }
        assertRefused(ErrorCode.meetingsForbidden) { try photo(Fixture.admin(Fixture.branch)) }
    }
}
