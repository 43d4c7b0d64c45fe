import Schema

/// A channel's day statement as its provider publishes it: downloaded, its hash or signature checked
/// where the provider gives one, and parsed. Every failure is `payments.reconciliation_statement_failed`
/// naming the channel and why; nothing partial is returned.
public protocol StatementSource: Sendable {
    var channel: StatementChannel { get }
    func statement(for day: BeijingDay) async throws(ErrorBody) -> ProviderStatement
}

extension ErrorBody {
    static func statementFailed(_ channel: StatementChannel, _ reason: String) -> ErrorBody {
        ErrorBody.make(ErrorCode.paymentsReconciliationStatementFailed, details: ["channel": channel.rawValue, "reason": reason])
    }
}

/// Statement files are larger than API answers: a 100,000-payment day is tens of MB.
enum StatementDownload {
    static let limit = 256 << 20
}
