import GRDB
import Schema
import Store

/// Tables of the authentication part (devices, codes, sessions, bindings): its own migrations.
/// Secrets are never stored in the clear: tickets, refresh tokens and device ids as SHA-256,
/// SMS codes as HMAC-SHA256 under a key of `auth_key`.
enum AuthMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("identity.auth.v1", migrate: v1)
        migrator.registerMigration("identity.auth.v2") { db in
            // The gateway reads revoked sessions in order of revocation (identity.sessions.revoked).
            try db.execute(sql: "CREATE INDEX auth_session_revoked ON auth_session(revokedAt, id) WHERE revokedAt IS NOT NULL")
        }
        migrator.registerMigration("identity.auth.admin_people") { db in
            // Administrator accounts are people (issue 10): name, post, mobile (their SMS codes go
            // there), office phone; and they can be disabled.
            try db.execute(sql: """
                ALTER TABLE account ADD COLUMN name TEXT;
                ALTER TABLE account ADD COLUMN post TEXT;
                ALTER TABLE account ADD COLUMN mobile TEXT;
                ALTER TABLE account ADD COLUMN officePhone TEXT;
                ALTER TABLE account ADD COLUMN disabledAt REAL;
                ALTER TABLE account ADD COLUMN updatedAt REAL;
                """)
        }
        migrator.registerMigration("identity.auth.admin_events") { db in
            // Administrator accounts made before identity.admin.changed existed are announced once,
            // so that notifications' copy (administrators' inboxes, notices to committees) knows them.
            for row in try Row.fetchAll(db, sql: AuthService.AdminRecord.select + " WHERE a.kind = 'admin' ORDER BY a.createdAt, a.id") {
                _ = try EventWriter.append(db, type: IdentityEvent.adminChanged, body: AuthService.AdminRecord(row: row).event,
                                           actor: Actor.service("identity"))
            }
        }
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- Keys generated at first use: "jwt" signs access tokens, "code" keys the SMS code hashes.
            CREATE TABLE auth_key (
                name TEXT PRIMARY KEY,
                secret BLOB NOT NULL,
                createdAt REAL NOT NULL
            );

            -- Devices that passed the SMS step for an account.
            CREATE TABLE auth_device (
                accountId TEXT NOT NULL REFERENCES account(id),
                deviceHash TEXT NOT NULL,
                trustedAt REAL NOT NULL,
                lastSeenAt REAL NOT NULL,
                PRIMARY KEY (accountId, deviceHash)
            );

            -- SMS verification codes.
            CREATE TABLE auth_code (
                id TEXT PRIMARY KEY,
                accountId TEXT NOT NULL REFERENCES account(id),
                purpose TEXT NOT NULL,                 -- "login" | "reset_password" | "bind"
                codeHash TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                expiresAt REAL NOT NULL,
                consumedAt REAL,
                createdAt REAL NOT NULL
            );
            CREATE INDEX auth_code_account ON auth_code(accountId, createdAt);

            -- A login in progress between its steps.
            CREATE TABLE auth_ticket (
                ticketHash TEXT PRIMARY KEY,
                accountId TEXT NOT NULL REFERENCES account(id),
                deviceHash TEXT NOT NULL,
                step TEXT NOT NULL,                    -- "change_password" | "sms_code"
                codeId TEXT REFERENCES auth_code(id),
                expiresAt REAL NOT NULL,
                usedAt REAL,
                createdAt REAL NOT NULL
            );
            CREATE INDEX auth_ticket_account ON auth_ticket(accountId);

            CREATE TABLE auth_session (
                id TEXT PRIMARY KEY,
                accountId TEXT NOT NULL REFERENCES account(id),
                deviceHash TEXT NOT NULL,
                createdAt REAL NOT NULL,
                expiresAt REAL NOT NULL,               -- the current refresh token's expiry
                revokedAt REAL,
                revokedReason TEXT
            );
            CREATE INDEX auth_session_account ON auth_session(accountId, revokedAt);

            CREATE TABLE auth_refresh (
                tokenHash TEXT PRIMARY KEY,
                sessionId TEXT NOT NULL REFERENCES auth_session(id),
                createdAt REAL NOT NULL,
                expiresAt REAL NOT NULL,
                rotatedAt REAL                         -- set when exchanged; presenting it again means theft
            );
            CREATE INDEX auth_refresh_session ON auth_refresh(sessionId);

            CREATE TABLE auth_wechat (
                memberId TEXT PRIMARY KEY REFERENCES member(id),
                openid TEXT NOT NULL UNIQUE,
                boundAt REAL NOT NULL
            );

            -- Real-name verifications, one per member and calendar day (installation time zone).
            CREATE TABLE auth_realname (
                memberId TEXT NOT NULL REFERENCES member(id),
                day TEXT NOT NULL,                     -- yyyy-MM-dd
                verifiedAt REAL NOT NULL,
                orderNo TEXT,
                PRIMARY KEY (memberId, day)
            );
            """)
    }
}
