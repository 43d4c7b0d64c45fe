/// `<service>.events.since`: a subscriber that noticed a gap asks the source
/// for the events after the last sequence it applied.
public enum EventsSince {
    public static func type(_ service: String) -> String { "\(service).events.since" }

    /// Every service that publishes answers it; consumers of any language may ask.
    public static func operation(_ service: String) -> BusOperation<Request, Reply> {
        BusOperation(type(service), .query, callers: .anyone)
    }

    public struct Request: Codable, Sendable, Equatable {
        /// The last sequence the subscriber has; events with seq > after come back.
        public var after: Int64
        /// The server caps it; fewer events than asked does not mean the end, `head` does.
        public var limit: Int

        public init(after: Int64, limit: Int) {
            self.after = after
            self.limit = limit
        }
    }

    public struct Record: Codable, Sendable, Equatable {
        public var seq: Int64
        public var event: Envelope<JSONValue>

        public init(seq: Int64, event: Envelope<JSONValue>) {
            self.seq = seq
            self.event = event
        }
    }

    public struct Reply: Codable, Sendable, Equatable {
        /// In ascending seq order.
        public var events: [Record]
        /// The source's newest sequence when it answered.
        public var head: Int64

        public init(events: [Record], head: Int64) {
            self.events = events
            self.head = head
        }
    }
}
