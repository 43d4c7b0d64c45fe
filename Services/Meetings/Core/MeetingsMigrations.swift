import Foundation
import GRDB

/// Meetings' tables. Dates are Unix seconds (REAL); paths are identity's materialized paths ("/001/001002/").
public enum MeetingsMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("meetings.v1", migrate: v1)
        migrator.registerMigration("meetings.records", migrate: records)
        migrator.registerMigration("meetings.held_month", migrate: heldMonths)
        migrator.registerMigration("meetings.affairs", migrate: Affairs.migrate)
        migrator.registerMigration("meetings.care", migrate: Care.migrate)
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- Meetings' own copy of identity's tree and members, kept from identity's events.
            CREATE TABLE org (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                parentCode TEXT,
                path TEXT NOT NULL,
                isVillage INTEGER NOT NULL DEFAULT 0,
                dissolved INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX org_path ON org(path);

            CREATE TABLE member (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                orgCode TEXT NOT NULL,
                orgPath TEXT NOT NULL,
                memberType TEXT NOT NULL,
                post TEXT NOT NULL,
                status TEXT NOT NULL
            );
            CREATE INDEX member_org ON member(orgCode);
            CREATE INDEX member_path ON member(orgPath);

            CREATE TABLE meeting (
                id TEXT PRIMARY KEY,
                orgCode TEXT NOT NULL,
                orgPath TEXT NOT NULL,
                orgName TEXT NOT NULL,
                kind TEXT NOT NULL,
                kindName TEXT NOT NULL,
                name TEXT NOT NULL,
                startsAt REAL NOT NULL,
                endsAt REAL NOT NULL,
                place TEXT,
                topic TEXT NOT NULL,
                mode TEXT NOT NULL,
                publisherOrgCode TEXT NOT NULL,        -- the organization whose administrator published it
                publishedByName TEXT NOT NULL,
                publishedAt REAL NOT NULL
            );
            CREATE INDEX meeting_path ON meeting(orgPath, startsAt);

            -- 参会人员: one row per invited member, with their answer and check-in.
            CREATE TABLE invitee (
                meetingId TEXT NOT NULL,
                memberId TEXT NOT NULL,
                name TEXT NOT NULL,
                answer TEXT,                           -- register | leave; NULL: 未确认
                leaveReason TEXT,
                answeredAt REAL,
                checkInMethod TEXT,                    -- qr | manual | online; NULL: not checked in
                checkedInAt REAL,
                PRIMARY KEY (meetingId, memberId)
            ) WITHOUT ROWID;
            CREATE INDEX invitee_member ON invitee(memberId);

            -- 议题 of online meetings. Results are written when the vote closes.
            CREATE TABLE topic (
                id TEXT PRIMARY KEY,
                meetingId TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT,
                status TEXT NOT NULL,                  -- open | closed
                createdAt REAL NOT NULL,
                agree INTEGER,
                disagree INTEGER,
                abstain INTEGER,
                entitled INTEGER,
                outcome TEXT
            );
            CREATE INDEX topic_meeting ON topic(meetingId, createdAt);

            -- Anonymous votes: who has voted, and the ballots, share nothing but the topic. Neither has
            -- a time or a rowid; both are stored in key order, and a ballot's key is random, so the
            -- order ballots sit in says nothing of who cast them or when.
            CREATE TABLE topic_voter (
                topicId TEXT NOT NULL,
                memberId TEXT NOT NULL,
                PRIMARY KEY (topicId, memberId)
            ) WITHOUT ROWID;
            CREATE TABLE ballot (
                topicId TEXT NOT NULL,
                token BLOB NOT NULL,                   -- 16 random bytes
                choice TEXT NOT NULL,
                PRIMARY KEY (topicId, token)
            ) WITHOUT ROWID;

            -- Comments are signed.
            CREATE TABLE topic_comment (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                topicId TEXT NOT NULL,
                memberId TEXT NOT NULL,
                name TEXT NOT NULL,
                text TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE INDEX topic_comment_topic ON topic_comment(topicId, seq);

            -- The check-in codes' signing key, made once per installation.
            CREATE TABLE meetings_key (
                name TEXT PRIMARY KEY,
                secret BLOB NOT NULL
            );
            """)
        var key = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in key.indices { key[i] = generator.next() }
        try db.execute(sql: "INSERT INTO meetings_key (name, secret) VALUES ('checkin', ?)", arguments: [Data(key)])
    }

    /// 会后补录 and what compliance counts: a meeting is held once someone checked in or it was recorded.
    static func records(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE meeting ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
            UPDATE meeting SET held = 1 WHERE id IN (SELECT meetingId FROM invitee WHERE checkInMethod IS NOT NULL);

            CREATE TABLE meeting_minutes (
                meetingId TEXT PRIMARY KEY,
                minutes TEXT NOT NULL,
                decisions TEXT,
                recordedByName TEXT NOT NULL,
                recordedAt REAL NOT NULL
            );
            -- Photos, stored as files by content hash (<data-dir>/photos/<sha256>.<ext>).
            CREATE TABLE meeting_photo (
                meetingId TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                ext TEXT NOT NULL,
                contentType TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                fileName TEXT NOT NULL,
                addedAt REAL NOT NULL,
                PRIMARY KEY (meetingId, sha256)
            );
            """)
    }

    /// Compliance reads one row per branch, year and kind: the months (bit 0 = January, Beijing) with a
    /// held meeting, kept as meetings become held (Compliance.markHeld), so a year of 20,000 branches
    /// is 120,000 small rows rather than every meeting.
    static func heldMonths(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE held_month (
                year INTEGER NOT NULL,
                orgPath TEXT NOT NULL,
                orgCode TEXT NOT NULL,
                kind TEXT NOT NULL,
                months INTEGER NOT NULL,               -- bit (month - 1) set: a meeting of the kind held that month
                meetings INTEGER NOT NULL,
                PRIMARY KEY (year, orgPath, orgCode, kind)
            ) WITHOUT ROWID;
            INSERT INTO held_month (year, orgPath, orgCode, kind, months, meetings)
                SELECT CAST(strftime('%Y', startsAt, 'unixepoch', '+8 hours') AS INTEGER), orgPath, orgCode, kind,
                       SUM(DISTINCT 1 << (CAST(strftime('%m', startsAt, 'unixepoch', '+8 hours') AS INTEGER) - 1)), COUNT(*)
                FROM meeting WHERE held = 1 GROUP BY 1, orgPath, orgCode, kind;
            """)
    }
}
