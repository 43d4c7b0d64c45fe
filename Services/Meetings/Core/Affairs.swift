import Authority
import Documents
import Foundation
import GRDB
import Schema
import Store

/// 三务公开 (seed 002): a village or community branch publishes its 党务、村（居）务、财务 with photos;
/// only the members of village and community branches see them (我的三务公开), each their own branch's.
public enum Affairs {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE affairs_post (
                id TEXT PRIMARY KEY,
                orgCode TEXT NOT NULL,
                orgPath TEXT NOT NULL,
                orgName TEXT NOT NULL,
                category TEXT NOT NULL,
                title TEXT NOT NULL,
                content TEXT NOT NULL,
                publishedByName TEXT NOT NULL,
                publishedAt REAL NOT NULL
            );
            CREATE INDEX affairs_post_path ON affairs_post(orgPath, publishedAt);
            -- Photos are files by content hash (<data-dir>/photos/<sha256>.<ext>), as the meetings' are.
            CREATE TABLE affairs_photo (
                postId TEXT NOT NULL,
                idx INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                ext TEXT NOT NULL,
                contentType TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                PRIMARY KEY (postId, idx)
            ) WITHOUT ROWID;
            """)
    }

    static let maxPhotos = 3

    public static func publish(_ db: Database, _ r: PublishAffairsRequest, by actor: Actor, settings: MeetingsSettings, directory: URL,
                               now: Date, newId: () -> String = { Ids.make("SW") }) throws -> AffairsPost {
        guard let scope = try Access.administeredPath(db, actor) else { throw Access.forbidden("body.orgCode") }
        guard let code = r.orgCode ?? actor.orgCode, let org = try OrgRow.fetch(db, code), !org.dissolved,
              Authority.isWithin(org.path, scope: scope)
        else { throw ErrorBody.make(ErrorCode.meetingsOrgInvalid, details: ["field": "body.orgCode"]) }
        guard org.isVillage else { throw ErrorBody.make(ErrorCode.meetingsNotVillage, details: ["field": "body.orgCode"]) }
        let title = try Checks.text(r.title, 2...60, ErrorCode.meetingsAffairsInvalid, field: "body.title")
        let content = try Checks.text(r.content, 2...5000, ErrorCode.meetingsAffairsInvalid, field: "body.content")
        let photos = r.photosBase64 ?? []
        guard photos.count <= maxPhotos else {
            throw ErrorBody.make(ErrorCode.meetingsTooManyPhotos, details: ["field": "body.photosBase64", "max": "\(maxPhotos)"])
        }
        // Every photo is checked before any file is written: a refused post leaves nothing behind.
        var files: [(data: Data, type: String, ext: String)] = []
        for (i, text) in photos.enumerated() {
            let field = "body.photosBase64[\(i)]"
            let tooLarge = ErrorBody.make(ErrorCode.meetingsPhotoTooLarge, details: ["field": field, "max": "\(settings.photoMaxBytes)"])
            guard text.count <= ContentFiles.base64Limit(settings.photoMaxBytes) else { throw tooLarge }
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty,
                  let (type, ext) = ContentFiles.sniff(data), type.hasPrefix("image/")
            else { throw ErrorBody.make(ErrorCode.meetingsPhotoTypeInvalid, details: ["field": field]) }
            guard data.count <= settings.photoMaxBytes else { throw tooLarge }
            files.append((data, type, ext))
        }
        let id = newId()
        try db.cachedStatement(sql: """
            INSERT INTO affairs_post (id, orgCode, orgPath, orgName, category, title, content, publishedByName, publishedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, org.code, org.path, org.name, r.category.rawValue, title, content, try Access.actorName(db, actor),
                             now.timeIntervalSince1970])
        for (i, file) in files.enumerated() {
            let sha = try ContentFiles.store(file.data, ext: file.ext, in: directory)
            try db.cachedStatement(sql: "INSERT INTO affairs_photo (postId, idx, sha256, ext, contentType, bytes) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [id, i, sha, file.ext, file.type, file.data.count])
        }
        return try post(db, id)!
    }

    /// A member sees their own branch's posts, when it is a village or community branch; an
    /// administrator their scope.
    public static func list(_ db: Database, _ q: AffairsQuery, by actor: Actor) throws -> AffairsPage {
        var sql: String, args: [any DatabaseValueConvertible]
        if actor.kind == .member {
            guard let me = try MemberRow.fetch(db, actor.id), let branch = try OrgRow.fetch(db, me.orgCode), branch.isVillage else {
                throw ErrorBody.make(ErrorCode.meetingsNotVillage, details: ["field": "query"])
            }
            sql = "FROM affairs_post WHERE orgCode = ?"; args = [branch.code]
        } else {
            guard let scope = try Access.administeredPath(db, actor) else { throw ErrorBody.make(ErrorCode.meetingsNotVillage, details: ["field": "query"]) }
            let (low, high) = PathRange.bounds(scope)
            sql = "FROM affairs_post WHERE orgPath >= ? AND orgPath < ?"; args = [low, high]
        }
        if let category = q.category { sql += " AND category = ?"; args.append(category.rawValue) }
        let offset = max(q.offset ?? 0, 0), limit = min(max(q.limit ?? 20, 1), 100)
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) " + sql, arguments: StatementArguments(args)) ?? 0
        let ids = try String.fetchAll(db, sql: "SELECT id " + sql + " ORDER BY publishedAt DESC, id LIMIT ? OFFSET ?",
                                      arguments: StatementArguments(args + [limit, offset]))
        return AffairsPage(items: try ids.compactMap { try post(db, $0) }, total: total, offset: offset, limit: limit)
    }

    public static func photo(_ db: Database, _ r: AffairsPhotoRef, by actor: Actor, directory: URL) throws -> ExportReply {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT orgCode, orgPath FROM affairs_post WHERE id = ?"), arguments: [r.postId]) else {
            throw ErrorBody.make(ErrorCode.meetingsAffairsNotFound, details: ["field": "body.postId"])
        }
        switch actor.kind {
        case .member:
            guard let me = try MemberRow.fetch(db, actor.id), me.orgCode == row["orgCode"] as String,
                  try OrgRow.fetch(db, me.orgCode)?.isVillage == true
            else { throw ErrorBody.make(ErrorCode.meetingsNotVillage, details: ["field": "body.postId"]) }
        default:
            guard let scope = try Access.administeredPath(db, actor), Authority.isWithin(row["orgPath"], scope: scope) else {
                throw Access.forbidden("body.postId")
            }
        }
        guard let photo = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM affairs_photo WHERE postId = ? AND sha256 = ?"), arguments: [r.postId, r.sha256]),
              let data = FileManager.default.contents(atPath: ContentFiles.url(directory, sha256: r.sha256, ext: photo["ext"]).path)
        else { throw ErrorBody.make(ErrorCode.meetingsPhotoNotFound, details: ["field": "body.sha256"]) }
        return ExportReply(fileName: "三务公开.\(photo["ext"] as String)", contentType: photo["contentType"],
                           contentBase64: data.base64EncodedString(), rows: 1)
    }

    static func post(_ db: Database, _ id: String) throws -> AffairsPost? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM affairs_post WHERE id = ?"), arguments: [id]) else { return nil }
        let photos = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM affairs_photo WHERE postId = ? ORDER BY idx"), arguments: [id]).map {
            PhotoView(sha256: $0["sha256"], fileName: "图片\(($0["idx"] as Int) + 1).\($0["ext"] as String)", contentType: $0["contentType"],
                      bytes: $0["bytes"])
        }
        return AffairsPost(postId: id, orgCode: row["orgCode"], orgName: row["orgName"],
                           category: AffairsCategory(rawValue: row["category"]) ?? .party, title: row["title"], content: row["content"],
                           photos: photos, publishedByName: row["publishedByName"], publishedAt: Date(timeIntervalSince1970: row["publishedAt"]))
    }
}
