import Schema

/// Every route the gateway serves: each service's contract (one line per service here) and the
/// gateway's own few operations.
public enum GatewayRoutes {
    /// The services whose operations have an HTTP face. Adding a service adds its contract here.
    public static let contracts: [any ServiceContract.Type] = [IdentityAPI.self, DuesAPI.self, NotificationsAPI.self, PaymentsAPI.self,
                                                                TransfersAPI.self, MeetingsAPI.self]

    /// Answered by the gateway itself.
    public static let system: [GatewayRoute] = [
        GatewayRoute(method: "GET", path: "/healthz", summary: "进程存活", tag: "system", target: .local("healthz"),
                     auth: .none, response: JSONSchema(derived: TypeSchema.of(GatewayHealth.self))),
        GatewayRoute(method: "GET", path: "/readyz", summary: "就绪（消息代理与身份服务可达）", tag: "system",
                     target: .local("readyz"), auth: .none, response: JSONSchema(derived: TypeSchema.of(Readiness.self))),
        GatewayRoute(method: "GET", path: "/openapi.json", summary: "本接口文档（OpenAPI 3.1）", tag: "system",
                     target: .local("openapi"), auth: .none,
                     response: JSONSchema(["type": "object", "description": "本文档（OpenAPI 3.1）"])),
        GatewayRoute(method: "GET", path: "/api/v1/me", summary: "当前登录者", tag: "me",
                     target: .local("me", uses: [IdentityAPI.memberGet.type, IdentityAPI.orgGet.type]), auth: .bearer,
                     response: JSONSchema(derived: TypeSchema.of(MeReply.self))),
    ]

    /// Every operation of every contract (with or without an HTTP face).
    public static var operations: [OperationDescriptor] { contracts.flatMap { $0.operations } }

    public static let all = RouteTable(system + contracts.flatMap { $0.operations.compactMap(GatewayRoute.init) })
}

/// `GET /healthz`.
public struct GatewayHealth: Codable, Sendable, Equatable {
    public var status: String
    public var service: String
    public var version: String
    public init(status: String = "ok", service: String = "gateway", version: String) {
        self.status = status
        self.service = service
        self.version = version
    }
}

/// `GET /readyz` when ready (else 503 `http.not_ready` naming what is missing).
public struct Readiness: Codable, Sendable, Equatable {
    public var status: String
    public var broker: Bool
    public var identity: Bool
    public var tokenKeys: Bool
    public init() { status = "ready"; broker = true; identity = true; tokenKeys = true }
}

/// `GET /api/v1/me`: who the token says, and the member's record or the administrator's organization.
public struct MeReply: Codable, Sendable, Equatable, SchemaDocumented {
    public var actor: Actor
    public var member: MemberView?
    public var organization: OrganizationView?
    public static let fieldDescriptions = ["actor": "当前登录者：令牌中的身份"]
    public init(actor: Actor, member: MemberView? = nil, organization: OrganizationView? = nil) {
        self.actor = actor
        self.member = member
        self.organization = organization
    }
}
