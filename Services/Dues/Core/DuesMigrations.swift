import GRDB

/// Dues's tables. Months are integers yyyymm; money is integer fen.
public enum DuesMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("dues.v1", migrate: v1)
        migrator.registerMigration("dues.v2", migrate: v2)
        migrator.registerMigration("dues.v3", migrate: v3)
    }

    /// Issue 10: a reduction or exemption entered into a submitted month waits here for the next
    /// committee (the member keeps the current standard meanwhile); a member's proposal below their
    /// bracket goes on to the committee after the branch secretary approves it.
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE standard_change (
                memberId TEXT NOT NULL,
                month INTEGER NOT NULL,
                orgCode TEXT NOT NULL,
                orgPath TEXT NOT NULL,
                kind TEXT NOT NULL,
                baseFen INTEGER,
                rateBp INTEGER,
                amountFen INTEGER NOT NULL,
                note TEXT,
                requestedBy TEXT NOT NULL,
                requestedAt REAL NOT NULL,
                PRIMARY KEY (memberId, month)
            ) WITHOUT ROWID;
            CREATE INDEX standard_change_path ON standard_change(orgPath);

            ALTER TABLE proposal ADD COLUMN stage TEXT NOT NULL DEFAULT 'branch';   -- "branch" | "committee"
            ALTER TABLE proposal ADD COLUMN bracketFen INTEGER;                       -- the bracket it fell below, if any
            CREATE INDEX proposal_stage ON proposal(stage, status);
            """)
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- Dues's own copy of identity's tree and members, kept from identity's events.
            CREATE TABLE org (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                type TEXT NOT NULL,                    -- OrganizationType raw value
                parentCode TEXT,
                path TEXT NOT NULL,                    -- "/001/001002/"
                dissolved INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX org_path ON org(path);
            CREATE INDEX org_parent ON org(parentCode);

            CREATE TABLE member (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                orgCode TEXT NOT NULL,                 -- the branch
                orgPath TEXT NOT NULL,
                memberType TEXT NOT NULL,
                post TEXT NOT NULL,
                status TEXT NOT NULL                   -- MemberStatus raw value
            );
            CREATE INDEX member_path ON member(orgPath, status);
            CREATE INDEX member_org ON member(orgCode, status);

            -- A branch's month: draft (保存草稿) until submitted (提交并通知交纳).
            CREATE TABLE branch_month (
                orgCode TEXT NOT NULL,
                month INTEGER NOT NULL,
                status TEXT NOT NULL,                  -- "draft" | "submitted"
                openedAt REAL NOT NULL,
                submittedAt REAL,
                submittedBy TEXT,
                PRIMARY KEY (orgCode, month)
            ) WITHOUT ROWID;

            -- One member's month: the standard, and whether and how it was paid.
            CREATE TABLE standard (
                memberId TEXT NOT NULL,
                month INTEGER NOT NULL,
                orgCode TEXT NOT NULL,                 -- the branch that collects this month
                orgPath TEXT NOT NULL,
                kind TEXT NOT NULL,                    -- StandardKind raw value
                baseFen INTEGER,
                rateBp INTEGER,
                amountFen INTEGER NOT NULL,
                approval TEXT,                         -- reduced/exempt: "pending" | "approved" | "rejected"
                note TEXT,
                submitted INTEGER NOT NULL DEFAULT 0,  -- copy of the branch month's status (members may pay)
                settled INTEGER NOT NULL DEFAULT 0,    -- 0 owes, 1 paid, 2 nothing due (amount 0)
                paidAt REAL,
                way TEXT,                              -- PaymentWay raw value
                paidBy TEXT,                           -- payer member id, or the administrator who recorded cash
                paymentId TEXT,
                lockPaymentId TEXT,                    -- a reservation in flight
                arrears INTEGER NOT NULL DEFAULT 0,    -- consecutive unpaid months before this one
                PRIMARY KEY (memberId, month)
            ) WITHOUT ROWID;
            CREATE INDEX standard_list ON standard(month, submitted, settled, orgPath, memberId);
            CREATE INDEX standard_branch ON standard(orgCode, month);
            CREATE INDEX standard_arrears ON standard(month, arrears) WHERE arrears > 0;

            CREATE TABLE payment (
                id TEXT PRIMARY KEY,                   -- the payments service's id, or a cash record id
                way TEXT NOT NULL,
                status TEXT NOT NULL,                  -- PaymentStatus raw value
                payerMemberId TEXT,
                recordedBy TEXT,
                totalFen INTEGER NOT NULL,
                fingerprint TEXT NOT NULL,             -- members and months asked, to tell a retry from a clash
                expiresAt REAL,
                createdAt REAL NOT NULL,
                paidAt REAL,
                note TEXT
            );
            CREATE INDEX payment_open ON payment(status, expiresAt);

            CREATE TABLE payment_line (
                paymentId TEXT NOT NULL REFERENCES payment(id),
                memberId TEXT NOT NULL,
                month INTEGER NOT NULL,
                orgCode TEXT NOT NULL,
                amountFen INTEGER NOT NULL,
                PRIMARY KEY (paymentId, memberId, month)
            ) WITHOUT ROWID;

            -- 代交: `proxyMemberId` pays for `memberId`.
            CREATE TABLE proxy (
                id TEXT PRIMARY KEY,
                memberId TEXT NOT NULL,
                proxyMemberId TEXT NOT NULL,
                status TEXT NOT NULL,                  -- "pending" | "active" | "revoked"
                grantedBy TEXT NOT NULL,
                createdAt REAL NOT NULL,
                confirmedAt REAL,
                revokedAt REAL
            );
            CREATE INDEX proxy_proxy ON proxy(proxyMemberId, status);
            CREATE INDEX proxy_member ON proxy(memberId, status);

            -- A member's own proposed monthly amount, waiting for the branch secretary (Shenzhen).
            CREATE TABLE proposal (
                id TEXT PRIMARY KEY,
                memberId TEXT NOT NULL,
                orgCode TEXT NOT NULL,
                amountFen INTEGER NOT NULL,
                note TEXT,
                status TEXT NOT NULL,
                submittedAt REAL NOT NULL,
                reviewedBy TEXT,
                reviewedAt REAL,
                reason TEXT,
                effectiveMonth INTEGER
            );
            CREATE INDEX proposal_org ON proposal(orgCode, status);
            CREATE INDEX proposal_member ON proposal(memberId);
            """)
    }

    /// Issue 11: 标准录入 reads a branch's month's pending changes by branch, not by scanning them
    /// (or every member) — a 50-member branch's screen in a 100,000-member installation.
    static func v3(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX standard_change_branch ON standard_change(orgCode, month)")
    }
}
