/// One operation of a service, declared once: its type string, whether it changes state, its request
/// and reply types, who may call it, its HTTP face (or none), and the error codes it answers. The
/// service's handler registration, the gateway's routes and request checks, the OpenAPI document
/// and the error-to-status mapping are all derived from it.
public struct BusOperation<Request: Codable & Sendable, Reply: Codable & Sendable>: DeclaredOperation {
    public let descriptor: OperationDescriptor

    public var type: String { descriptor.type }
    public var kind: OperationKind { descriptor.kind }

    public init(_ type: String, _ kind: OperationKind, callers: Callers, http: HTTPBinding? = nil, errors: [String] = []) {
        descriptor = OperationDescriptor(
            type: type, kind: kind, callers: callers, http: http, errors: errors,
            requestSchema: { TypeSchema.of(Request.self) }, replySchema: { TypeSchema.of(Reply.self) },
            requestTypeName: String(describing: Request.self), replyTypeName: String(describing: Reply.self))
    }
}

/// A command changes state (applied once per request id); a query only reads.
public enum OperationKind: String, Sendable {
    case command, query
}

/// Who may call an operation. Services may always call (they are trusted with everything and the
/// handler still applies its own scope rules); `service` alone means no person ever may.
public struct Callers: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Anyone, unauthenticated: logins, password reset, provider callbacks.
    public static let anyone = Callers(rawValue: 1)
    public static let member = Callers(rawValue: 2)
    public static let admin = Callers(rawValue: 4)
    public static let service = Callers(rawValue: 8)
    /// Members and administrators.
    public static let people: Callers = [.member, .admin]

    public func allows(_ kind: Actor.Kind) -> Bool {
        if contains(.anyone) { return true }
        switch kind {
        case .service: return true
        case .member: return contains(.member)
        case .admin: return contains(.admin)
        case .anonymous: return false
        }
    }

    public var names: [String] {
        var names: [String] = []
        if contains(.anyone) { names.append("anyone") }
        if contains(.member) { names.append("member") }
        if contains(.admin) { names.append("admin") }
        names.append("service")
        return names
    }
}

/// The operation without its generic types: what the gateway, the document and the checks need.
/// A class, so that a `BusOperation` is one reference: as a struct, once `HTTPBinding` grew its
/// `headers`, identity's and dues' executables crashed at start copying their operations into
/// `[any DeclaredOperation]` (swift_retain on a bad pointer; Swift 6.3.1 debug build).
public final class OperationDescriptor: Sendable {
    public let type: String
    public let kind: OperationKind
    public let callers: Callers
    public let http: HTTPBinding?
    /// The codes this operation itself answers (besides the ones every operation may: schema.invalid,
    /// bus.*, internal, auth.*). Each is defined in the `ErrorCode` catalog with message and status.
    public let errors: [String]
    public let requestSchema: @Sendable () -> JSONValue
    public let replySchema: @Sendable () -> JSONValue
    public let requestTypeName: String
    public let replyTypeName: String

    init(type: String, kind: OperationKind, callers: Callers, http: HTTPBinding?, errors: [String],
         requestSchema: @escaping @Sendable () -> JSONValue, replySchema: @escaping @Sendable () -> JSONValue,
         requestTypeName: String, replyTypeName: String) {
        self.type = type; self.kind = kind; self.callers = callers; self.http = http; self.errors = errors
        self.requestSchema = requestSchema; self.replySchema = replySchema
        self.requestTypeName = requestTypeName; self.replyTypeName = replyTypeName
    }

    /// The service it belongs to: the first dotted component of its type.
    public var service: String { String(type.prefix { $0 != "." }) }
}

/// A service's whole contract: every operation it answers.
public protocol ServiceContract {
    static var service: String { get }
    static var operations: [OperationDescriptor] { get }
}

/// Any operation, whatever its types: for a service's list of its operations.
public protocol DeclaredOperation: Sendable {
    var descriptor: OperationDescriptor { get }
}
