import Schema
import Foundation
import Logging
import Synchronization

/// Sets up swift-log once per process: text or JSON lines on stderr, personal data scrubbed.
public enum LoggingSetup {
    private static let done = Mutex(false)

    public static func bootstrap(_ options: RuntimeOptions, service: String) {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let level = options.level
        let format = options.logFormat
        let instance = options.instance
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == .json
                ? JSONLinesLogHandler(label: label, service: service, instance: instance)
                : ScrubbingTextLogHandler(label: label, service: service)
            handler.logLevel = level
            return handler
        }
    }
}

/// One JSON object a line: {"ts","level","service","instance","label","msg",…metadata}.
public struct JSONLinesLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let service: String
    let instance: String

    public init(label: String, service: String, instance: String) {
        self.label = label
        self.service = service
        self.instance = instance
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = PersonalData.scrub("\(value)")
        }
        fields["ts"] = RFC3339.format(Date())
        fields["level"] = event.level.rawValue
        fields["service"] = service
        fields["instance"] = instance
        fields["label"] = label
        fields["msg"] = PersonalData.scrub("\(event.message)")
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        StandardError.write(data + Data([0x0A]))
    }
}

/// Human-readable lines for a terminal, scrubbed like the JSON ones.
public struct ScrubbingTextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let service: String

    public init(label: String, service: String) {
        self.label = label
        self.service = service
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let meta = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601.time(includingFractionalSeconds: true))
        let line = PersonalData.scrub("\(time) \(event.level) \(service) [\(label)] \(event.message)\(meta)\n")
        StandardError.write(Data(line.utf8))
    }
}

enum StandardError {
    private static let lock = Mutex(())
    static func write(_ data: Data) {
        lock.withLock { _ in FileHandle.standardError.write(data) }
    }
}
