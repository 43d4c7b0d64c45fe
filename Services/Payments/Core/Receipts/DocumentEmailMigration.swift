import GRDB

extension PaymentsMigrations {
    /// Documents sent by email, per member: the hourly limit counts them (rows older than a day go).
    static func documentEmail(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE document_email (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                memberId TEXT NOT NULL,
                kind TEXT NOT NULL,              -- voucher | certificate
                sentAt REAL NOT NULL
            );
            CREATE INDEX document_email_member ON document_email(memberId, sentAt);
            """)
    }
}
