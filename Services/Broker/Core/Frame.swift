/// One ZeroMQ message part.
public typealias Frame = [UInt8]

/// A message to send on the ROUTER socket: the peer identity frame, then `frames`.
public struct Outgoing: Sendable, Equatable {
    public var peer: Frame
    public var frames: [Frame]

    public init(peer: Frame, frames: [Frame]) {
        self.peer = peer
        self.frames = frames
    }
}
