import CryptoExtras
import GRDB
import Foundation
import Payments
import Store
import XCTest

/// The fixed vectors in Fixtures/ (made with openssl, see Fixtures/README.md) and a real SQLite store in a temp dir.
enum Vectors {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    static func publicKey() throws -> _RSA.Signing.PublicKey {
        try _RSA.Signing.PublicKey(pemRepresentation: text("alipay-test-public.pem"))
    }

    static func privateKey() throws -> _RSA.Signing.PrivateKey {
        try _RSA.Signing.PrivateKey(pemRepresentation: text("alipay-test-private.pem"))
    }
}

final class TemporaryPaymentsStore: @unchecked Sendable {
    let dir: URL
    let path: String
    let store: Store

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("payments-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("payments.sqlite").path
        store = try Store(path: path, migrations: PaymentsMigrations.register)
    }

    /// A second connection pool on the same file, as another `payments` instance would open it.
    func another() throws -> Store { try Store(path: path, migrations: PaymentsMigrations.register) }

    deinit { try? FileManager.default.removeItem(at: dir) }
}

extension OrderLifecycle {
    /// Expires what is due as the sweep does for orders that never reached a provider; returns their ids.
    static func expireUnplaced(_ db: Database, now: Date) throws -> [String] {
        let ids = try due(db, now: now).map(\.id)
        try expire(db, ids: ids)
        return ids
    }
}
