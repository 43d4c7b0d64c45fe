import GRDB

/// Tables of the authentication part (devices, codes, sessions, bindings): its own migrations.
enum AuthMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {}
}
