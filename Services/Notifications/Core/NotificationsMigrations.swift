import GRDB

public enum NotificationsMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notifications.v1") { db in
            try db.execute(sql: """
                CREATE TABLE delivery (
                    id TEXT PRIMARY KEY,                -- also the provider's OutId / client_msg_id
                    dedupKey TEXT NOT NULL UNIQUE,      -- source event or request + recipient + template
                    channel TEXT NOT NULL,              -- "sms" | "wechat"
                    recipient TEXT NOT NULL,            -- phone (sms) or openid (wechat); '' until resolved
                    templateCode TEXT NOT NULL,
                    params TEXT NOT NULL,               -- JSON object of template parameters
                    state TEXT NOT NULL,                -- DeliveryState raw value
                    attempts INTEGER NOT NULL DEFAULT 0,
                    nextAttemptAt REAL NOT NULL,
                    expiresAt REAL,                     -- a verification code is useless after it expires
                    claimedBy TEXT,
                    claimedAt REAL,
                    providerMessageId TEXT,
                    lastError TEXT,
                    createdAt REAL NOT NULL,
                    updatedAt REAL NOT NULL
                );
                CREATE INDEX delivery_due ON delivery(state, nextAttemptAt);
                """)
        }
        migrator.registerMigration("notifications.v2") { db in
            try db.execute(sql: """
                ALTER TABLE delivery ADD COLUMN memberId TEXT;
                ALTER TABLE delivery ADD COLUMN templateKey TEXT NOT NULL DEFAULT 'code';
                ALTER TABLE delivery ADD COLUMN sourceKey TEXT NOT NULL DEFAULT '';
                ALTER TABLE delivery ADD COLUMN fallbackOf TEXT;
                ALTER TABLE delivery ADD COLUMN reportDeadline REAL;     -- wechat: fall back to SMS if no report by then
                ALTER TABLE delivery ADD COLUMN scheduledAt REAL;        -- verification codes: the slot the per-recipient limit gave
                DROP INDEX delivery_due;
                CREATE INDEX delivery_due ON delivery(channel, state, nextAttemptAt);
                CREATE INDEX delivery_expiry ON delivery(expiresAt) WHERE state = 'pending' AND expiresAt IS NOT NULL;
                CREATE INDEX delivery_report ON delivery(reportDeadline) WHERE state = 'sent' AND reportDeadline IS NOT NULL;
                CREATE INDEX delivery_provider_id ON delivery(providerMessageId);
                CREATE INDEX delivery_code_slots ON delivery(recipient, scheduledAt) WHERE templateKey = 'code';
                CREATE INDEX delivery_source ON delivery(sourceKey);

                -- Notifications' own copy of the organization tree and members (from identity's events),
                -- with the contact details it needs: openid from wechat events, phone asked of identity.
                CREATE TABLE org (
                    code TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    parentCode TEXT,
                    path TEXT NOT NULL,
                    dissolved INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX org_path ON org(path);
                CREATE TABLE contact (
                    memberId TEXT PRIMARY KEY,
                    name TEXT NOT NULL DEFAULT '',
                    orgCode TEXT NOT NULL DEFAULT '',
                    orgPath TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL DEFAULT 'active',
                    hasPhone INTEGER NOT NULL DEFAULT 1,
                    phone TEXT,                          -- personal data: never logged
                    phoneFetchedAt REAL,                 -- NULL: not known, ask identity
                    openid TEXT,
                    updatedAt REAL NOT NULL
                );
                CREATE INDEX contact_path ON contact(orgPath, memberId);

                CREATE TABLE notice (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    content TEXT NOT NULL,
                    orgCodes TEXT NOT NULL,              -- JSON array
                    orgPaths TEXT NOT NULL,              -- JSON array, at publish time
                    publishedBy TEXT NOT NULL,
                    publishedAt REAL NOT NULL,
                    fanoutCursor TEXT NOT NULL DEFAULT '',  -- last member id enqueued (fan-out pages by member id)
                    fanoutDone INTEGER NOT NULL DEFAULT 0,
                    recipients INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX notice_fanout ON notice(fanoutDone, publishedAt);
                CREATE INDEX notice_publisher ON notice(publishedBy, publishedAt);

                CREATE TABLE inbox (
                    id TEXT PRIMARY KEY,
                    memberId TEXT NOT NULL,
                    kind TEXT NOT NULL,                  -- "notice" or the event type
                    noticeId TEXT,
                    sourceKey TEXT NOT NULL,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    createdAt REAL NOT NULL,
                    readAt REAL,
                    UNIQUE (memberId, sourceKey)
                );
                CREATE INDEX inbox_member ON inbox(memberId, createdAt);
                CREATE INDEX inbox_unread ON inbox(memberId) WHERE readAt IS NULL;
                CREATE INDEX inbox_notice ON inbox(noticeId, readAt, memberId) WHERE noticeId IS NOT NULL;

                -- Shared provider credentials (the WeChat access token): one refresher at a time, under a lease.
                CREATE TABLE provider_token (
                    name TEXT PRIMARY KEY,
                    token TEXT NOT NULL,
                    expiresAt REAL NOT NULL,
                    fetchedBy TEXT NOT NULL,
                    fetchedAt REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("notifications.v3") { db in
            // SMS sent several numbers to one request share that request's OutId; reports and the
            // provider's records then name a job by (OutId, phone). NULL: the OutId is the job id.
            try db.execute(sql: """
                ALTER TABLE delivery ADD COLUMN outId TEXT;
                CREATE INDEX delivery_out_id ON delivery(outId, recipient) WHERE outId IS NOT NULL;
                """)
        }
        migrator.registerMigration("notifications.v4") { db in
            // Issue 10: branch secretaries (from identity.org.*), administrators (identity.admin.changed)
            // with an inbox and SMS, and delivery status listed per notice, member, administrator or source.
            try db.execute(sql: """
                ALTER TABLE org ADD COLUMN secretaryMemberId TEXT;
                -- The member's post in their branch: a branch whose organization names no secretary
                -- (imported ones) has the active member whose post is 书记.
                ALTER TABLE contact ADD COLUMN post TEXT NOT NULL DEFAULT 'member';
                CREATE INDEX contact_branch_post ON contact(orgCode, post) WHERE post = 'secretary';

                CREATE TABLE admin (
                    accountId TEXT PRIMARY KEY,
                    orgCode TEXT NOT NULL,
                    orgPath TEXT NOT NULL,
                    name TEXT NOT NULL,
                    post TEXT NOT NULL DEFAULT '',
                    mobile TEXT,                         -- personal data: never logged
                    active INTEGER NOT NULL DEFAULT 1,
                    updatedAt REAL NOT NULL
                );
                CREATE INDEX admin_path ON admin(orgPath, accountId);
                CREATE INDEX admin_org ON admin(orgCode);

                -- An administrator's message: SMS to the account's mobile, resolved from `admin` when sent.
                ALTER TABLE delivery ADD COLUMN adminId TEXT;
                CREATE INDEX delivery_admin ON delivery(adminId, createdAt) WHERE adminId IS NOT NULL;
                CREATE INDEX delivery_member ON delivery(memberId, createdAt) WHERE memberId IS NOT NULL;

                -- Notices reach the addressed subtrees' administrators after their members (adminCursor pages
                -- by account id). Notices published before this migration are not sent again.
                ALTER TABLE notice ADD COLUMN adminCursor TEXT NOT NULL DEFAULT '';
                ALTER TABLE notice ADD COLUMN adminsDone INTEGER NOT NULL DEFAULT 0;
                UPDATE notice SET adminsDone = 1;
                CREATE INDEX notice_pending ON notice(publishedAt) WHERE fanoutDone = 0 OR adminsDone = 0;
                """)
        }
        migrator.registerMigration("notifications.email_outbox", migrate: EmailOutbox.migrate)
    }
}
