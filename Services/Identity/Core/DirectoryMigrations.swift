import GRDB

/// Tables of the directory part (organizations, members, profile changes, import): its own migrations.
enum DirectoryMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("identity.directory.v1", migrate: v1)
        migrator.registerMigration("identity.directory.v2") { db in
            // Searching by the last four (or more) characters of an ID number or phone, as people do.
            try db.execute(sql: """
                CREATE INDEX member_id_last4 ON member(substr(idNumber, 15));
                CREATE INDEX member_phone_last4 ON member(substr(phone, 8));
                """)
        }
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- A dissolved organization keeps its row (its code stays taken; former members still point at it).
            ALTER TABLE organization ADD COLUMN dissolvedAt REAL;

            -- Status changes and reassignments (划拨) of members: who, when, why.
            CREATE TABLE member_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                memberId TEXT NOT NULL REFERENCES member(id),
                kind TEXT NOT NULL,                    -- "status" | "reassign"
                fromStatus TEXT NOT NULL,
                toStatus TEXT NOT NULL,
                fromOrgCode TEXT NOT NULL,
                toOrgCode TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                actorKind TEXT NOT NULL,
                actorId TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE INDEX member_history_member ON member_history(memberId, id);

            -- A member's edit waiting for the branch secretary's (or an administrator's) approval.
            CREATE TABLE profile_change (
                id TEXT PRIMARY KEY,
                memberId TEXT NOT NULL REFERENCES member(id),
                orgCode TEXT NOT NULL,                 -- the member's branch when submitted
                changes TEXT NOT NULL,                 -- JSON ProfileFields
                status TEXT NOT NULL,                  -- ProfileChangeStatus raw value
                submittedBy TEXT NOT NULL,
                submittedAt REAL NOT NULL,
                reviewedBy TEXT,
                reviewedAt REAL,
                reason TEXT
            );
            CREATE INDEX profile_change_org ON profile_change(orgCode, status);
            CREATE INDEX profile_change_member ON profile_change(memberId, submittedAt);
            """)
    }
}
