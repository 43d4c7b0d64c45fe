import GRDB

/// Identity's tables. The organization, member and account tables are shared by every part of the
/// library; each part adds its own tables in its own migration, registered here in order.
public enum IdentityMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("identity.v1", migrate: v1)
        // Parts of the library append their migrations below, each in its own file.
        DirectoryMigrations.register(&migrator)
        AuthMigrations.register(&migrator)
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE organization (
                code TEXT PRIMARY KEY,                 -- digits, three per level below the root's
                name TEXT NOT NULL,
                type TEXT NOT NULL,                    -- OrganizationType raw value
                parentCode TEXT REFERENCES organization(code),
                path TEXT NOT NULL,                    -- "/001/001002/": every ancestor's code and its own, for subtree queries by prefix
                depth INTEGER NOT NULL,
                unit TEXT NOT NULL DEFAULT '',
                secretaryMemberId TEXT,
                isVillage INTEGER NOT NULL DEFAULT 0,  -- village/community branches publish 三务公开
                createdAt REAL NOT NULL,
                updatedAt REAL NOT NULL
            );
            CREATE INDEX organization_parent ON organization(parentCode);
            CREATE INDEX organization_path ON organization(path);

            CREATE TABLE member (
                id TEXT PRIMARY KEY,
                idNumber TEXT NOT NULL UNIQUE,         -- 18 characters, GB 11643, upper-case X
                name TEXT NOT NULL,
                sex TEXT NOT NULL,                     -- "male" | "female", derived from the ID number
                birthDate TEXT NOT NULL,               -- yyyy-MM-dd, derived from the ID number
                ethnicity TEXT NOT NULL DEFAULT '',
                phone TEXT UNIQUE,
                memberType TEXT NOT NULL,              -- "full" | "probationary"
                joinDate TEXT,                         -- yyyy-MM-dd
                orgCode TEXT NOT NULL REFERENCES organization(code),
                unit TEXT NOT NULL DEFAULT '',
                post TEXT NOT NULL DEFAULT 'member',   -- MemberPost raw value
                status TEXT NOT NULL DEFAULT 'active', -- MemberStatus raw value
                reviewed INTEGER NOT NULL DEFAULT 0,   -- once reviewed, locked fields change only by an administrator
                createdAt REAL NOT NULL,
                updatedAt REAL NOT NULL
            );
            CREATE INDEX member_org ON member(orgCode, status);
            CREATE INDEX member_name ON member(name);

            CREATE TABLE account (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,                    -- "member" | "admin"
                memberId TEXT UNIQUE REFERENCES member(id),
                username TEXT UNIQUE COLLATE NOCASE,   -- administrators only: letters and digits
                orgCode TEXT REFERENCES organization(code),  -- the organization an administrator acts for
                roles TEXT NOT NULL DEFAULT '[]',      -- JSON array of Role raw values
                passwordHash TEXT NOT NULL,            -- PasswordHasher's self-describing string
                mustChangePassword INTEGER NOT NULL DEFAULT 1,
                failedAttempts INTEGER NOT NULL DEFAULT 0,
                lockedUntil REAL,
                passwordChangedAt REAL,
                createdAt REAL NOT NULL
            );
            CREATE INDEX account_org ON account(orgCode, kind);
            """)
    }
}
