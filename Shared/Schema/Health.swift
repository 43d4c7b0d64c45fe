import Foundation

/// `<service>.health`: every service answers it; the body of the request is empty.
public enum Health {
    public static func type(_ service: String) -> String { "\(service).health" }

    /// Every service's own: no HTTP face; any caller on the bus (monitoring, the wire test).
    public static func operation(_ service: String) -> BusOperation<Empty, Reply> {
        BusOperation(type(service), .query, callers: .anyone)
    }

    public struct Reply: Codable, Sendable, Equatable {
        /// "ok" when the service can serve.
        public var status: String
        public var service: String
        /// Tells instances of one service apart (e.g. host:pid).
        public var instance: String
        public var pid: Int32
        public var startedAt: Date
        public var version: String
        /// Newest event sequence, for services that publish events.
        public var eventsHead: Int64?

        public init(
            status: String = "ok", service: String, instance: String, pid: Int32,
            startedAt: Date, version: String, eventsHead: Int64? = nil
        ) {
            self.status = status
            self.service = service
            self.instance = instance
            self.pid = pid
            self.startedAt = startedAt
            self.version = version
            self.eventsHead = eventsHead
        }
    }
}
