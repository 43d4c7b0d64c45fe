import GRDB

extension StatementArguments {
    /// Arguments from strings (a path range's bounds, a list of ids). GRDB's generic
    /// `init(some Sequence<some DatabaseValueConvertible>)` maps them with `\.databaseValue`, a key
    /// path built anew on every call (allocated, its pattern instantiated): 4 % of identity's CPU on
    /// a subtree read. This overload, preferred for `[String]`, boxes each one instead.
    public init(_ values: [String]) {
        self.init(values.map { $0 as (any DatabaseValueConvertible)? })
    }
}
