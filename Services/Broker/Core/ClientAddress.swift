/// Where a client's request came from, and where its replies go: the client's routing id and, for a
/// tagged request (WIRE.md, "Tagged requests"), its tag.
///
/// `forWorker` is the `client_addr` a worker is given and copies into its reply. For a plain REQUEST
/// it is the routing id itself, so plain MDP/0.2 is unchanged byte for byte. For a tagged one it is
/// 0x00, the routing id's length, the routing id, then the tag: one frame per (client, tag), so a
/// credit worker's FINAL names exactly one of the requests it serves.
struct ClientAddress: Sendable, Equatable {
    let peer: Frame
    let tag: Frame?
    let forWorker: Frame

    init(peer: Frame) {
        self.peer = peer
        tag = nil
        forWorker = peer
    }

    /// `peer` is a ZeroMQ routing id: 1 to 255 bytes.
    init(peer: Frame, tag: Frame) {
        self.peer = peer
        self.tag = tag
        var address: Frame = []
        address.reserveCapacity(2 + peer.count + tag.count)
        address.append(0x00)
        address.append(UInt8(truncatingIfNeeded: peer.count))
        address.append(contentsOf: peer)
        address.append(contentsOf: tag)
        forWorker = address
    }

    /// A reply to this client: ["MDPC02", kind, service, tag?, body...] (the tag only for a tagged request).
    func reply(kind: Frame, service: Frame, body: ArraySlice<Frame>) -> Outgoing {
        var frames: [Frame] = []
        frames.reserveCapacity(4 + body.count)
        frames.append(MDP.clientHeader)
        frames.append(kind)
        frames.append(service)
        if let tag { frames.append(tag) }
        frames.append(contentsOf: body)
        return Outgoing(peer: peer, frames: frames)
    }
}
