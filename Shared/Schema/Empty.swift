/// A body with no fields; encodes as `{}`.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
}
