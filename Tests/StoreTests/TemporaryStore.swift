import Foundation
import GRDB
import Store
import XCTest

extension XCTestCase {
    /// A fresh directory for this test's real SQLite files, removed afterwards.
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("StoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// A store on a new file, in a subdirectory that does not exist yet (Store creates it).
    func makeStore(
        file: String = "service.sqlite",
        migrations: (inout DatabaseMigrator) -> Void = { _ in }
    ) throws -> (Store, path: String) {
        let path = try temporaryDirectory().appendingPathComponent("db/\(file)").path
        return (try Store(path: path, migrations: migrations), path)
    }
}

struct TestFailure: Error {}

func envelope(_ id: String) -> Data {
    Data(#"{"id":"\#(id)","type":"test.happened","body":{}}"#.utf8)
}
