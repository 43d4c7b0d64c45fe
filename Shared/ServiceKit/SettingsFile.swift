import ArgumentParser
import Foundation

/// A service's installation policies: a JSON file that names only what it changes. Every service loads
/// its file the same way, through `SettingsOptions` (the `--settings FILE` flag and its environment
/// variable) and `SettingsFile.load`. Absent keys keep their defaults because each settings type's
/// decoder falls back to its own defaults key by key (`decodeIfPresent(…) ?? default`).
public enum SettingsFile {
    /// `defaults` when `path` is nil; else the file at `path` decoded as `T`, or a `LoadError` naming the
    /// file and, when the file is JSON but does not fit `T`, the field (`codeLimits.perHour`).
    public static func load<T: Decodable>(_ type: T.Type, path: String?, default defaults: @autoclosure () -> T) throws -> T {
        guard let path else { return defaults() }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(path: path, field: nil, reason: "cannot be read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw LoadError(path: path, decoding: error)
        } catch {
            throw LoadError(path: path, field: nil, reason: "\(error)")
        }
    }

    public struct LoadError: Error, Equatable, CustomStringConvertible, LocalizedError {
        public let path: String
        /// The field that does not fit, dotted from the top (`retry.maxAttempts`, `roles.2`); nil when the
        /// file cannot be read or is not JSON.
        public let field: String?
        public let reason: String

        public init(path: String, field: String?, reason: String) {
            self.path = path
            self.field = field
            self.reason = reason
        }

        init(path: String, decoding error: DecodingError) {
            func dotted(_ keys: [any CodingKey]) -> String {
                keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            }
            switch error {
            case .typeMismatch(let type, let context):
                self.init(path: path, field: dotted(context.codingPath), reason: "is not \(Self.name(type))")
            case .valueNotFound(let type, let context):
                self.init(path: path, field: dotted(context.codingPath), reason: "is null where \(Self.name(type)) is expected")
            case .keyNotFound(let key, let context):
                self.init(path: path, field: dotted(context.codingPath + [key]), reason: "is required")
            case .dataCorrupted(let context) where context.codingPath.isEmpty:
                let detail = context.underlyingError.map { " (\($0))" } ?? ""
                self.init(path: path, field: nil, reason: "is not valid JSON: \(context.debugDescription)\(detail)")
            case .dataCorrupted(let context):
                self.init(path: path, field: dotted(context.codingPath), reason: "is invalid: \(context.debugDescription)")
            @unknown default:
                self.init(path: path, field: nil, reason: "\(error)")
            }
        }

        static func name(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: "a string"
            case is Bool.Type: "a boolean"
            case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
            case is Double.Type, is Float.Type: "a number"
            case is [Any].Type: "an array"
            case is [String: Any].Type: "an object"
            default: "a \(type)"
            }
        }

        public var description: String {
            if let field { "settings file \(path): field `\(field)` \(reason)" } else { "settings file \(path) \(reason)" }
        }

        public var errorDescription: String? { description }
    }
}

/// What names one service's settings file: its environment variable, what the file holds, and the
/// defaults used when no file is given. A caseless enum in the service's executable.
public protocol SettingsFileKind {
    associatedtype Settings: Decodable
    /// `DJ_<SERVICE>_SETTINGS`: the file when `--settings` is not given.
    static var environmentVariable: String { get }
    /// For `--help`: "installation policies (IdentitySettings)".
    static var contents: String { get }
    static var defaults: Settings { get }
}

/// `--settings FILE` (env `Kind.environmentVariable`): the one way a service is given its settings file.
///
///     enum DuesSettingsFile: SettingsFileKind { … }
///     @OptionGroup var settingsFile: SettingsOptions<DuesSettingsFile>
///     let policies = try settingsFile.load()
public struct SettingsOptions<Kind: SettingsFileKind>: ParsableArguments, Sendable {
    @Option(help: "JSON file of \(Kind.contents); absent keys keep defaults. Env \(Kind.environmentVariable).")
    public var settings: String?

    public init() {}

    /// The file given: the flag, else the environment variable (unset or empty: none).
    public var path: String? { settings ?? Env.optionalString(Kind.environmentVariable) }

    /// The file's settings, or `Kind.defaults` when no file is given.
    public func load() throws -> Kind.Settings {
        try SettingsFile.load(Kind.Settings.self, path: path, default: Kind.defaults)
    }
}
