import GRDB

public enum NotificationsMigrations {
    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notifications.v1") { db in
            try db.execute(sql: """
                CREATE TABLE delivery (
                    id TEXT PRIMARY KEY,                -- also the provider's OutId / client_msg_id
                    dedupKey TEXT NOT NULL UNIQUE,      -- source event or request + recipient + template
                    channel TEXT NOT NULL,              -- "sms" (WeChat and inbox come with the notifications issue)
                    recipient TEXT NOT NULL,            -- phone number for sms
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
    }
}
