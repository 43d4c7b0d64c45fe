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
        migrator.registerMigration("identity.directory.v3") { db in
            // Chinese names are 2–4 characters and people search by any part of them: every pair of
            // adjacent characters of a name is indexed, so a search of two or more characters reads
            // the members holding its first pair instead of every member. Triggers keep the pairs
            // with the name, whoever writes it. (SQLite allows no WITH in a trigger: a table of
            // positions stands in for a series.)
            try db.execute(sql: """
                CREATE TABLE member_name_position (i INTEGER PRIMARY KEY);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 63)
                    INSERT INTO member_name_position SELECT i FROM n;
                CREATE TABLE member_name_pair (
                    pair TEXT NOT NULL,
                    memberId TEXT NOT NULL,
                    PRIMARY KEY (pair, memberId)
                ) WITHOUT ROWID;
                CREATE INDEX member_name_pair_member ON member_name_pair(memberId);
                CREATE TRIGGER member_name_pairs_insert AFTER INSERT ON member BEGIN
                    INSERT OR IGNORE INTO member_name_pair
                        SELECT substr(NEW.name, i, 2), NEW.id FROM member_name_position WHERE i < length(NEW.name);
                END;
                CREATE TRIGGER member_name_pairs_update AFTER UPDATE OF name ON member BEGIN
                    DELETE FROM member_name_pair WHERE memberId = OLD.id;
                    INSERT OR IGNORE INTO member_name_pair
                        SELECT substr(NEW.name, i, 2), NEW.id FROM member_name_position WHERE i < length(NEW.name);
                END;
                CREATE TRIGGER member_name_pairs_delete AFTER DELETE ON member BEGIN
                    DELETE FROM member_name_pair WHERE memberId = OLD.id;
                END;
                INSERT OR IGNORE INTO member_name_pair
                    SELECT substr(m.name, p.i, 2), m.id FROM member m JOIN member_name_position p ON p.i < length(m.name);
                """)
        }
        migrator.registerMigration("identity.directory.v4", migrate: v4)
        migrator.registerMigration("identity.directory.v5") { db in
            // The 党统 import over HTTP, as a background job (ImportJobs). The files are kept until it ran.
            try db.execute(sql: """
                CREATE TABLE import_job (
                    id TEXT PRIMARY KEY,
                    status TEXT NOT NULL,                  -- ImportJobStatus raw value
                    actorId TEXT NOT NULL,                 -- the administrator account that started it
                    orgCode TEXT NOT NULL,                 -- that administrator's organization: who may see the job
                    organizationsCSV TEXT,
                    membersCSV TEXT,
                    organizationsEncoding TEXT,
                    membersEncoding TEXT,
                    rowsDone INTEGER NOT NULL DEFAULT 0,
                    rowsTotal INTEGER NOT NULL DEFAULT 0,
                    organizationsCreated INTEGER NOT NULL DEFAULT 0,
                    membersCreated INTEGER NOT NULL DEFAULT 0,
                    errors TEXT,                           -- JSON [ImportRowError]
                    failure TEXT,
                    createdAt REAL NOT NULL,
                    startedAt REAL,
                    finishedAt REAL
                );
                CREATE INDEX import_job_queue ON import_job(status, createdAt);
                """)
        }
    }

    /// Fuzzy name search ("张丰" finds "张三丰", as organization search finds "国土资源局" for "国土局"):
    /// every ordered pair of a name's characters, adjacent or not, replaces v3's adjacent pairs, so a
    /// search reads the members holding its first two characters in that order, then checks the whole
    /// query, in order, on those few. A 3-character name has 3 pairs; the positions table bounds long ones.
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER member_name_pairs_insert;
            DROP TRIGGER member_name_pairs_update;
            DROP TRIGGER member_name_pairs_delete;
            DROP TABLE member_name_pair;
            CREATE TABLE member_name_pair (
                pair TEXT NOT NULL,
                memberId TEXT NOT NULL,
                PRIMARY KEY (pair, memberId)
            ) WITHOUT ROWID;
            CREATE INDEX member_name_pair_member ON member_name_pair(memberId);
            CREATE TRIGGER member_name_pairs_insert AFTER INSERT ON member BEGIN
                INSERT OR IGNORE INTO member_name_pair
                    SELECT substr(NEW.name, a.i, 1) || substr(NEW.name, b.i, 1), NEW.id
                    FROM member_name_position a JOIN member_name_position b ON b.i > a.i AND b.i <= length(NEW.name);
            END;
            CREATE TRIGGER member_name_pairs_update AFTER UPDATE OF name ON member BEGIN
                DELETE FROM member_name_pair WHERE memberId = OLD.id;
                INSERT OR IGNORE INTO member_name_pair
                    SELECT substr(NEW.name, a.i, 1) || substr(NEW.name, b.i, 1), NEW.id
                    FROM member_name_position a JOIN member_name_position b ON b.i > a.i AND b.i <= length(NEW.name);
            END;
            CREATE TRIGGER member_name_pairs_delete AFTER DELETE ON member BEGIN
                DELETE FROM member_name_pair WHERE memberId = OLD.id;
            END;
            INSERT OR IGNORE INTO member_name_pair
                SELECT substr(m.name, a.i, 1) || substr(m.name, b.i, 1), m.id
                FROM member m JOIN member_name_position a ON a.i < length(m.name)
                JOIN member_name_position b ON b.i > a.i AND b.i <= length(m.name);
            """)
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
