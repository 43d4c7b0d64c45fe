import GRDB

/// Tables of the directory part (organizations, members, profile changes, import): its own migrations.
enum DirectoryMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {}
}
