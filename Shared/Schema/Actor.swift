import Foundation

/// Who is acting, as authenticated by the gateway (or the service itself).
public struct Actor: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable, SchemaEnum {
        case member, admin, service, anonymous
    }

    public var kind: Kind
    /// Member id, admin account id, or service name.
    public var id: String
    /// Org the actor administers (admins) or belongs to (members).
    public var orgCode: String?
    /// E.g. `["secretary"]`, `["city"]`.
    public var roles: [String]

    public init(kind: Kind, id: String, orgCode: String? = nil, roles: [String] = []) {
        self.kind = kind
        self.id = id
        self.orgCode = orgCode
        self.roles = roles
    }

    public static func service(_ name: String) -> Actor {
        Actor(kind: .service, id: name)
    }

    private enum CodingKeys: String, CodingKey { case kind, id, orgCode, roles }

    // Lenient on `roles` so hand-written clients may leave it out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        id = try c.decode(String.self, forKey: .id)
        orgCode = try c.decodeIfPresent(String.self, forKey: .orgCode)
        roles = try c.decodeIfPresent([String].self, forKey: .roles) ?? []
    }
}
