import Foundation
import GRDB
import Schema
import Store

/// Emails kept until the relay takes them. A message is stored (rendered, its Message-ID fixed) and
/// claimed in one transaction before the relay is called, and sent at once while the caller waits:
/// taken → `sent`; refused for good (5xx) → `failed` and the caller told; relay down or 4xx → kept
/// `pending` and the caller told it is queued, then tried again with backoff by the instance holding
/// the `sender:email` lease. A bus request seen before gets what it became (never a second send).
///
/// After a crash between the relay's 250 and our write, SMTP has no way to ask whether the relay has
/// it: the orphan is sent again with the same Message-ID (at least once; the window is one local
/// write, and mail clients drop a repeated Message-ID), rather than risk losing it.
public struct EmailOutbox: Sendable {
    let store: Store
    let relay: EmailRelay
    let holder: String
    let settings: SmtpSettings

    public init(store: Store, settings: SmtpSettings, holder: String) {
        self.store = store
        self.relay = EmailRelay(settings: settings)
        self.holder = holder
        self.settings = settings
    }

    public func send(_ request: EmailSendRequest, requestId: String, now: Date = Date()) async throws -> EmailSent {
        let (data, messageId) = try relay.prepare(request, now: now)
        let holder = self.holder
        let seen = try await store.write { db -> (state: String, messageId: String, reply: String?, error: String?)? in
            if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT state, messageId, relayReply, lastError FROM email_outbox WHERE id = ?"),
                                          arguments: [requestId]) {
                return (row["state"], row["messageId"], row["relayReply"], row["lastError"])
            }
            try db.cachedStatement(sql: """
                INSERT INTO email_outbox (id, recipient, memberId, message, messageId, state, attempts, nextAttemptAt,
                                          claimedBy, claimedAt, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, 'sending', 1, ?, ?, ?, ?, ?)
                """).execute(arguments: [requestId, request.to, request.memberId, data, messageId, now, holder, now, now, now])
            return nil
        }
        if let seen {
            switch seen.state {
            case "sent": return EmailSent(messageId: seen.messageId, relayReply: seen.reply ?? "")
            case "failed": throw ErrorBody.make(ErrorCode.notificationsEmailRejected, details: ["field": "body.to", "relay": seen.error ?? ""])
            default: return EmailSent(messageId: seen.messageId, relayReply: "", queued: true)
            }
        }
        let outcome = await relay.transmit(data, to: request.to)
        try await record(requestId, outcome, attempts: 1, now: now)
        switch outcome {
        case .accepted(let answer): return EmailSent(messageId: messageId, relayReply: answer)
        case .permanent(let why): throw ErrorBody.make(ErrorCode.notificationsEmailRejected, details: ["field": "body.to", "relay": why])
        case .transient, .unknown: return EmailSent(messageId: messageId, relayReply: "", queued: true)
        }
    }

    /// Sends the pending messages whose time has come (a batch); returns how many it tried.
    @discardableResult
    public func retryDue(now: Date = Date(), limit: Int = 20) async throws -> Int {
        let holder = self.holder
        let due = try await store.write { db -> [(id: String, to: String, data: Data, attempts: Int)] in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, recipient, message, attempts FROM email_outbox
                WHERE state = 'pending' AND nextAttemptAt <= ? ORDER BY nextAttemptAt LIMIT ?
                """), arguments: [now, limit]).map { (id: $0["id"] as String, to: $0["recipient"] as String, data: $0["message"] as Data,
                                                     attempts: ($0["attempts"] as Int) + 1) }
            for row in rows {
                try db.cachedStatement(sql: """
                    UPDATE email_outbox SET state = 'sending', attempts = ?, claimedBy = ?, claimedAt = ?, updatedAt = ? WHERE id = ?
                    """).execute(arguments: [row.attempts, holder, now, now, row.id])
            }
            // Sent and failed messages keep their row (the request's answer) a week, not their content.
            try db.cachedStatement(sql: "DELETE FROM email_outbox WHERE state IN ('sent', 'failed') AND updatedAt < ?").execute(arguments: [now.addingTimeInterval(-7 * 86400)])
            return rows
        }
        for job in due {
            try await record(job.id, await relay.transmit(job.data, to: job.to), attempts: job.attempts, now: now)
        }
        return due.count
    }

    /// Messages left `sending` by an instance that died go back to `pending`.
    @discardableResult
    public func recoverOrphans(now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-settings.orphanAgeSeconds)
        return try await store.write { db in
            try db.cachedStatement(sql: "UPDATE email_outbox SET state = 'pending', nextAttemptAt = ?, updatedAt = ? WHERE state = 'sending' AND claimedAt < ?").execute(arguments: [now, now, cutoff])
            return db.changesCount
        }
    }

    /// The outcome, if the message is still ours (`sending`, claimed by this holder).
    func record(_ id: String, _ outcome: SendOutcome, attempts: Int, now: Date) async throws {
        ProviderMetrics.count("email", outcome)
        let holder = self.holder, maxAttempts = settings.maxAttempts
        let backoff = min(settings.retryMaxSeconds, settings.retryBaseSeconds * pow(2, Double(max(0, attempts - 1))))
        try await store.write { db in
            let mine = "WHERE id = ? AND state = 'sending' AND claimedBy = ?"
            switch outcome {
            case .accepted(let answer):
                try db.execute(sql: "UPDATE email_outbox SET state = 'sent', relayReply = ?, message = NULL, lastError = NULL, updatedAt = ? \(mine)",
                               arguments: [answer, now, id, holder])
            case .permanent(let why):
                try db.execute(sql: "UPDATE email_outbox SET state = 'failed', lastError = ?, message = NULL, updatedAt = ? \(mine)",
                               arguments: [why, now, id, holder])
            case .transient(let why), .unknown(let why):
                if attempts >= maxAttempts {
                    try db.execute(sql: "UPDATE email_outbox SET state = 'failed', lastError = ?, message = NULL, updatedAt = ? \(mine)",
                                   arguments: [why, now, id, holder])
                } else {
                    try db.execute(sql: "UPDATE email_outbox SET state = 'pending', lastError = ?, nextAttemptAt = ?, updatedAt = ? \(mine)",
                                   arguments: [why, now.addingTimeInterval(backoff), now, id, holder])
                }
            }
        }
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE email_outbox (
                id TEXT PRIMARY KEY NOT NULL,       -- the bus request's id: a request seen again is answered, not resent
                recipient TEXT NOT NULL,
                memberId TEXT,
                message BLOB,                       -- the rendered message; dropped once sent or failed
                messageId TEXT NOT NULL,
                state TEXT NOT NULL,                -- sending | pending | sent | failed
                attempts INTEGER NOT NULL,
                nextAttemptAt REAL NOT NULL,
                claimedBy TEXT,
                claimedAt REAL,
                relayReply TEXT,
                lastError TEXT,
                createdAt REAL NOT NULL,
                updatedAt REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX email_outbox_due ON email_outbox(state, nextAttemptAt);
            """)
    }
}
