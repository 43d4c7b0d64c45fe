import GRDB

/// Transfers' tables. Dates are Unix seconds (REAL); paths are identity's materialized paths ("/001/001002/").
public enum TransfersMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("transfers.v1", migrate: v1)
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- Transfers' own copy of identity's tree and members, kept from identity's events.
            CREATE TABLE org (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                parentCode TEXT,
                path TEXT NOT NULL,
                unit TEXT NOT NULL DEFAULT '',
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
                status TEXT NOT NULL,
                unit TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX member_org ON member(orgCode);

            CREATE TABLE transfer (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                memberId TEXT,                         -- nil for inbound until identity created the member
                memberName TEXT NOT NULL,
                fromOrgCode TEXT,
                fromOrgPath TEXT,                      -- nil for inbound (outside the installation)
                fromOrgName TEXT NOT NULL,
                toOrgCode TEXT,
                toOrgPath TEXT,                        -- nil for outbound
                toOrgName TEXT NOT NULL,
                toUnit TEXT NOT NULL,
                toOrgTitle TEXT,
                reason TEXT NOT NULL,
                openedBy TEXT NOT NULL,                -- member | admin | applicant
                openedById TEXT NOT NULL,              -- the actor who opened it
                currentStep INTEGER,
                waitingOrgCode TEXT,
                waitingAction TEXT,
                revision INTEGER NOT NULL DEFAULT 1,   -- +1 on each resubmission
                revokerOrgCode TEXT,                   -- the organization of the last sending-side approval
                pendingAction TEXT,                    -- outbox: complete | revoke, until identity applied it
                applicant TEXT,                        -- InboundApplicant JSON (inbound)
                accessHash TEXT,                       -- SHA-256 hex of the inbound access code
                createdAt REAL NOT NULL,
                updatedAt REAL NOT NULL,
                completedAt REAL
            );
            -- A member has at most one open transfer.
            CREATE UNIQUE INDEX transfer_open_member ON transfer(memberId)
                WHERE memberId IS NOT NULL AND status IN ('pending', 'returned', 'approved');
            -- 转接记录查询: a scope is a path range on either side, newest first.
            CREATE INDEX transfer_from ON transfer(fromOrgPath, createdAt);
            CREATE INDEX transfer_to ON transfer(toOrgPath, createdAt);
            CREATE INDEX transfer_created ON transfer(createdAt);
            CREATE INDEX transfer_waiting ON transfer(waitingOrgCode, createdAt) WHERE waitingOrgCode IS NOT NULL;
            CREATE INDEX transfer_member ON transfer(memberId, createdAt);
            CREATE INDEX transfer_outbox ON transfer(pendingAction) WHERE pendingAction IS NOT NULL;

            CREATE TABLE transfer_step (
                transferId TEXT NOT NULL,
                idx INTEGER NOT NULL,
                action TEXT NOT NULL,
                orgCode TEXT NOT NULL,
                orgName TEXT NOT NULL,
                state TEXT NOT NULL,
                actorName TEXT,
                actedAt REAL,
                comment TEXT,
                PRIMARY KEY (transferId, idx)
            ) WITHOUT ROWID;

            CREATE TABLE transfer_history (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                transferId TEXT NOT NULL,
                what TEXT NOT NULL,
                title TEXT NOT NULL,
                actorName TEXT,
                comment TEXT,
                at REAL NOT NULL
            );
            CREATE INDEX transfer_history_transfer ON transfer_history(transferId, seq);

            -- 介绍信: number = year + 6-digit sequence within the year.
            CREATE TABLE letter (
                number TEXT PRIMARY KEY,
                year INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                transferId TEXT NOT NULL,
                state TEXT NOT NULL,                   -- issued | printed | voided
                body TEXT NOT NULL,                    -- IntroductionLetter JSON as issued
                issuedAt REAL NOT NULL,
                printedAt REAL,
                voidedAt REAL,
                voidReason TEXT,
                UNIQUE (year, seq)
            );
            CREATE INDEX letter_transfer ON letter(transferId, issuedAt);

            -- 回执 of an outbound transfer's letter.
            CREATE TABLE receipt (
                transferId TEXT PRIMARY KEY,
                letterNumber TEXT NOT NULL,
                fromOrgCode TEXT NOT NULL,
                state TEXT NOT NULL,                   -- awaiting | uploaded | posted
                dueAt REAL NOT NULL,
                fileName TEXT,
                contentType TEXT,
                bytes INTEGER,
                sha256 TEXT,
                receivedAt REAL,
                receivedBy TEXT,
                remindedAt REAL
            );
            CREATE INDEX receipt_due ON receipt(state, dueAt) WHERE remindedAt IS NULL;

            CREATE TABLE letterhead (
                orgCode TEXT PRIMARY KEY,
                address TEXT NOT NULL,
                phone TEXT NOT NULL,
                fax TEXT NOT NULL,
                postcode TEXT NOT NULL
            );
            """)
    }
}
