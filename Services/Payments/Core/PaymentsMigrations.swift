import GRDB

/// Payments's tables. Money is integer fen; times are seconds since 1970 (REAL). Every instance of
/// `payments` shares this file, so nothing another instance needs lives in memory.
public enum PaymentsMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("payments.v1", migrate: v1)
        migrator.registerMigration("payments.v2", migrate: v2)
        migrator.registerMigration("payments.v3", migrate: v3)
        migrator.registerMigration("payments.v4", migrate: v4)
        migrator.registerMigration("payments.v5", migrate: v5)
        migrator.registerMigration("payments.v6", migrate: v6)
        migrator.registerMigration("payments.v7", migrate: v7)
        migrator.registerMigration("payments.v8", migrate: v8)
        migrator.registerMigration("payments.reconciliation.v1", migrate: reconciliationV1)
        migrator.registerMigration("payments.document_email", migrate: documentEmail)
        migrator.registerMigration("payments.agreements", migrate: Agreements.migrate)
    }

    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            -- One order pays months of one or more members (their own, or as proxy); its id is the
            -- provider's out_trade_no and dues' paymentId.
            CREATE TABLE payment_order (
                id TEXT PRIMARY KEY NOT NULL,
                payerMemberId TEXT NOT NULL,
                channel TEXT NOT NULL,
                status TEXT NOT NULL,            -- open | paid | confirmed | refunding | refunded | expired
                totalFen INTEGER NOT NULL CHECK (totalFen > 0),
                remark TEXT,
                providerTradeNo TEXT,
                refusal TEXT,                    -- dues' code when it refused the confirmation
                duesReleased INTEGER NOT NULL DEFAULT 0,  -- expired and its months released in dues
                lastQueriedAt REAL,              -- the active query at the provider before expiry
                expiresAt REAL NOT NULL,
                createdAt REAL NOT NULL,
                paidAt REAL
            ) WITHOUT ROWID;
            CREATE INDEX payment_order_payer ON payment_order(payerMemberId, createdAt);
            CREATE INDEX payment_order_open ON payment_order(status, expiresAt);

            CREATE TABLE payment_order_line (
                orderId TEXT NOT NULL REFERENCES payment_order(id),
                memberId TEXT NOT NULL,
                month TEXT NOT NULL,             -- yyyy-MM, as dues names it
                amountFen INTEGER NOT NULL,
                PRIMARY KEY (orderId, memberId, month)
            ) WITHOUT ROWID;

            -- Stripe-style idempotency keys, per payer: `running` while the first request works
            -- (a duplicate gets 409), then `done` with the order it made; kept at least 24 h.
            CREATE TABLE idempotency_key (
                payerMemberId TEXT NOT NULL,
                key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                state TEXT NOT NULL,             -- running | done
                orderId TEXT,
                lockedAt REAL NOT NULL,
                createdAt REAL NOT NULL,
                PRIMARY KEY (payerMemberId, key)
            ) WITHOUT ROWID;
            CREATE INDEX idempotency_key_age ON idempotency_key(createdAt);

            -- Every provider notification as received, applied or refused, with why (never the
            -- payer's account or phone).
            CREATE TABLE provider_notification (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                channel TEXT NOT NULL,
                notifyId TEXT,
                orderId TEXT,
                outcome TEXT NOT NULL,           -- applied | duplicate | refused
                reason TEXT,
                receivedAt REAL NOT NULL
            );
            CREATE INDEX provider_notification_order ON provider_notification(orderId);
            """)
    }

    /// The confirmation factor, what the provider gave to pay with, and refunds.
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE payment_order ADD COLUMN factor TEXT NOT NULL DEFAULT 'none';  -- sms | password | none
            ALTER TABLE payment_order ADD COLUMN codeId TEXT;         -- identity's id of the SMS code (never the code)
            ALTER TABLE payment_order ADD COLUMN maskedPhone TEXT;
            ALTER TABLE payment_order ADD COLUMN confirmedAt REAL;    -- the factor was given
            ALTER TABLE payment_order ADD COLUMN qrCode TEXT;         -- the provider's code to scan
            ALTER TABLE payment_order ADD COLUMN refundedAt REAL;
            CREATE INDEX payment_order_line_member ON payment_order_line(memberId);
            CREATE INDEX payment_order_refunding ON payment_order(status) WHERE status IN ('paid', 'refunding');
            """)
    }

    /// 退费申请: one pending application per order at a time.
    static func v3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE refund_application (
                id TEXT PRIMARY KEY NOT NULL,
                orderId TEXT NOT NULL REFERENCES payment_order(id),
                memberId TEXT NOT NULL,                -- the payer who applied
                reason TEXT NOT NULL,
                status TEXT NOT NULL,                  -- pending | approved | rejected
                reviewerId TEXT,
                reviewComment TEXT,
                createdAt REAL NOT NULL,
                reviewedAt REAL
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX refund_application_pending ON refund_application(orderId) WHERE status = 'pending';
            CREATE INDEX refund_application_status ON refund_application(status, createdAt);
            """)
    }

    /// The 回执 link's token: random, made with the order, shown once the months are confirmed.
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE payment_order ADD COLUMN receiptToken TEXT;
            CREATE UNIQUE INDEX payment_order_receipt ON payment_order(receiptToken) WHERE receiptToken IS NOT NULL;
            """)
    }

    /// Where the payer pays (qr | jsapi) and, for JSAPI, the signed parameters the page hands to WeChat.
    static func v5(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE payment_order ADD COLUMN client TEXT NOT NULL DEFAULT 'qr';
            ALTER TABLE payment_order ADD COLUMN payParams TEXT;
            """)
    }

    /// The 市民卡 wallet: the balance is never stored, only movements (the balance is their sum);
    /// one movement of each kind per order, so a repeated confirmation or refund moves nothing.
    static func v6(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE payment_order ADD COLUMN purpose TEXT NOT NULL DEFAULT 'dues';   -- dues | topup
            CREATE TABLE wallet (
                memberId TEXT PRIMARY KEY NOT NULL,
                cardNo TEXT NOT NULL UNIQUE,
                registeredAt REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE wallet_pending (
                memberId TEXT PRIMARY KEY NOT NULL,
                codeId TEXT NOT NULL,
                maskedPhone TEXT NOT NULL,
                createdAt REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE wallet_movement (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                memberId TEXT NOT NULL REFERENCES wallet(memberId),
                kind TEXT NOT NULL,                    -- topup | spend | refund
                amountFen INTEGER NOT NULL CHECK (amountFen <> 0),
                orderId TEXT NOT NULL,
                createdAt REAL NOT NULL,
                UNIQUE (orderId, kind)
            );
            CREATE INDEX wallet_movement_member ON wallet_movement(memberId, seq);
            """)
    }

    /// Each line's organization and name as dues reserved it: administrators list orders by organization.
    static func v7(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE payment_order_line ADD COLUMN orgCode TEXT NOT NULL DEFAULT '';
            ALTER TABLE payment_order_line ADD COLUMN memberName TEXT NOT NULL DEFAULT '';
            CREATE INDEX payment_order_line_org ON payment_order_line(orgCode, orderId);
            """)
    }

    /// 交易密码: a scrypt hash (never the digits), wrong tries counted, a lock after too many.
    static func v8(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE transaction_password (
                memberId TEXT PRIMARY KEY NOT NULL,
                hash TEXT NOT NULL,
                failedAttempts INTEGER NOT NULL DEFAULT 0,
                lockedUntil REAL,
                setAt REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE transaction_password_pending (
                memberId TEXT PRIMARY KEY NOT NULL,
                codeId TEXT NOT NULL,
                maskedPhone TEXT NOT NULL,
                createdAt REAL NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}

extension PaymentsMigrations {
    /// 对账: one row per day and run (a re-run adds a newer one; the latest is the day's report), the
    /// summary for the list and the whole report (JSON) for the day's page and its export.
    static func reconciliationV1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reconciliation_run (
                day TEXT NOT NULL,                     -- Beijing yyyy-MM-dd
                run INTEGER NOT NULL,
                ranAt REAL NOT NULL,
                ranBy TEXT NOT NULL,
                matchedCount INTEGER NOT NULL,
                differenceCount INTEGER NOT NULL,
                summary TEXT NOT NULL,                 -- ReconciliationSummary JSON
                report BLOB NOT NULL,                  -- ReconciliationReport JSON
                PRIMARY KEY (day, run)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS payment_order_paid_at ON payment_order(paidAt) WHERE paidAt IS NOT NULL;
            CREATE INDEX IF NOT EXISTS payment_order_refunded_at ON payment_order(refundedAt) WHERE refundedAt IS NOT NULL;
            """)
    }
}
