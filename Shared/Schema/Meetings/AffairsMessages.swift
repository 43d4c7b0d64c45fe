import Foundation

// 三务公开 (seed 002): village and community branches publish their 党务、村（居）务、财务 to their members.

public enum AffairsCategory: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// 党务公开.
    case party
    /// 村务 / 居务公开.
    case village
    /// 财务公开.
    case finance

    public var chineseName: String {
        switch self {
        case .party: "党务公开"
        case .village: "村（居）务公开"
        case .finance: "财务公开"
        }
    }
}

public struct PublishAffairsRequest: Codable, Sendable, Equatable {
    /// Default the administrator's own organization (a village or community branch).
    public var orgCode: String?
    public var category: AffairsCategory
    public var title: String
    public var content: String
    /// Up to three photos (JPEG or PNG), base64.
    public var photosBase64: [String]?
    public init(orgCode: String? = nil, category: AffairsCategory, title: String, content: String, photosBase64: [String]? = nil) {
        self.orgCode = orgCode; self.category = category; self.title = title; self.content = content; self.photosBase64 = photosBase64
    }
}

public struct AffairsPost: Codable, Sendable, Equatable {
    public var postId: String
    public var orgCode: String
    public var orgName: String
    public var category: AffairsCategory
    public var title: String
    public var content: String
    public var photos: [PhotoView]
    public var publishedByName: String
    public var publishedAt: Date
    public init(postId: String, orgCode: String, orgName: String, category: AffairsCategory, title: String, content: String,
                photos: [PhotoView], publishedByName: String, publishedAt: Date) {
        self.postId = postId; self.orgCode = orgCode; self.orgName = orgName; self.category = category; self.title = title
        self.content = content; self.photos = photos; self.publishedByName = publishedByName; self.publishedAt = publishedAt
    }
}

/// 我的三务公开 (a member of a village or community branch: their branch's posts), or an
/// administrator's scope; newest first.
public struct AffairsQuery: Codable, Sendable, Equatable {
    public var category: AffairsCategory?
    public var offset: Int?
    public var limit: Int?
    public init(category: AffairsCategory? = nil, offset: Int? = nil, limit: Int? = nil) {
        self.category = category; self.offset = offset; self.limit = limit
    }
}

public struct AffairsPage: Codable, Sendable, Equatable {
    public var items: [AffairsPost]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public init(items: [AffairsPost], total: Int, offset: Int, limit: Int) {
        self.items = items; self.total = total; self.offset = offset; self.limit = limit
    }
}

public struct AffairsPhotoRef: Codable, Sendable, Equatable {
    public var postId: String
    public var sha256: String
    public init(postId: String, sha256: String) { self.postId = postId; self.sha256 = sha256 }
}
