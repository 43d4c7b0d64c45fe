import Foundation
import GRDB
import Meetings
import Schema
import ServiceKit

/// Wires meetings' message types to the Meetings library. Commands run in one write transaction
/// with request-id de-duplication (events commit with them), except the vote, which keeps no record
/// of its request; queries read.
func registerMeetingsRoutes(_ host: ServiceHost, settings: MeetingsSettings, photos: URL) {
    let router = host.router
    let store = host.store

    @Sendable func actor(_ context: RequestContext) -> Actor {
        context.actor ?? Actor(kind: .anonymous, id: "")
    }

    router.command(MeetingsAPI.publish, store: store) { r, c, db in
        try Publishing.publish(db, r, by: actor(c), settings: settings, now: Date(), requestId: c.requestId)
    }
    router.query(MeetingsAPI.get) { r, c in
        try await store.read { db in try Queries.get(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(MeetingsAPI.list) { r, c in
        try await store.read { db in try Queries.list(db, r, by: actor(c)) }
    }
    router.query(MeetingsAPI.mine) { r, c in
        try await store.read { db in try Queries.mine(db, r, by: actor(c)) }
    }
    router.command(MeetingsAPI.reply, store: store) { r, c, db in
        try Replies.reply(db, r, by: actor(c), now: Date())
    }
    router.command(MeetingsAPI.remind, store: store) { r, c, db in
        try Replies.remind(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }

    router.query(MeetingsAPI.code) { r, c in
        try await store.read { db in try CheckIn.code(db, r, by: actor(c), settings: settings) }
    }
    router.command(MeetingsAPI.checkIn, store: store) { r, c, db in
        try CheckIn.scan(db, r, by: actor(c), settings: settings, now: Date())
    }
    router.command(MeetingsAPI.attend, store: store) { r, c, db in
        try CheckIn.attend(db, r, by: actor(c), settings: settings, now: Date())
    }
    router.command(MeetingsAPI.manualCheckIn, store: store) { r, c, db in
        try CheckIn.manual(db, r, by: actor(c), now: Date())
    }

    router.command(MeetingsAPI.addTopic, store: store) { r, c, db in
        try Voting.add(db, r, by: actor(c), now: Date())
    }
    router.unrecorded(MeetingsAPI.vote, store: store) { r, c, db in
        try Voting.vote(db, r, by: actor(c), settings: settings, now: Date())
    }
    router.command(MeetingsAPI.comment, store: store) { r, c, db in
        try Voting.comment(db, r, by: actor(c), settings: settings, now: Date())
    }
    router.command(MeetingsAPI.closeTopic, store: store) { r, c, db in
        try Voting.close(db, r, by: actor(c), settings: settings, now: Date())
    }

    router.command(MeetingsAPI.record, store: store) { r, c, db in
        try Records.record(db, r, by: actor(c), now: Date())
    }
    router.command(MeetingsAPI.photoAdd, store: store) { r, c, db in
        try Records.addPhoto(db, r, by: actor(c), settings: settings, directory: photos, now: Date())
    }
    router.query(MeetingsAPI.photoGet) { r, c in
        try await store.read { db in try Records.photo(db, r, by: actor(c), directory: photos) }
    }
    router.query(MeetingsAPI.compliance) { r, c in
        try await store.read { db in try Compliance.report(db, r, by: actor(c), settings: settings, now: Date()) }
    }
    router.query(MeetingsAPI.ledger) { r, c in
        try await store.read { db in try Ledger.export(db, r, by: actor(c)) }
    }
    router.command(MeetingsAPI.affairsPublish, store: store) { r, c, db in
        try Affairs.publish(db, r, by: actor(c), settings: settings, directory: photos, now: Date())
    }
    router.query(MeetingsAPI.affairsList) { r, c in
        try await store.read { db in try Affairs.list(db, r, by: actor(c)) }
    }
    router.query(MeetingsAPI.affairsPhoto) { r, c in
        try await store.read { db in try Affairs.photo(db, r, by: actor(c), directory: photos) }
    }
    router.command(MeetingsAPI.careRecord, store: store) { r, c, db in
        try Care.record(db, r, by: actor(c), now: Date())
    }
    router.command(MeetingsAPI.careFile, store: store) { r, c, db in
        try Care.file(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(MeetingsAPI.careDecide, store: store) { r, c, db in
        try Care.decide(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.command(MeetingsAPI.careHandle, store: store) { r, c, db in
        try Care.handle(db, r, by: actor(c), now: Date(), requestId: c.requestId)
    }
    router.query(MeetingsAPI.careList) { r, c in
        try await store.read { db in try Care.list(db, r, by: actor(c)) }
    }
}
