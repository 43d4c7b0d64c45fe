import Foundation

/// 对账 (daily reconciliation) as the portal and API see it. Money is integer fen; days are Beijing
/// calendar days "yyyy-MM-dd".

/// `payments.reconciliation.run`: reconcile a day now. Default: yesterday (Beijing).
public struct ReconciliationRunRequest: Codable, Sendable, Equatable {
    public var day: String?
    public init(day: String? = nil) { self.day = day }
}

public struct ReconciliationListQuery: Codable, Sendable, Equatable {
    /// At most 366; default 30.
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

public struct ReconciliationDayRef: Codable, Sendable, Equatable {
    public var day: String
    public init(day: String) { self.day = day }
}

/// One kind of difference on a day: how many and the fen involved, with its 中文 title and what to do.
public struct ReconciliationKindCount: Codable, Sendable, Equatable {
    public var kind: String
    public var title: String
    public var action: String
    public var count: Int
    public var fen: Int64
    public init(kind: String, title: String, action: String, count: Int, fen: Int64) {
        self.kind = kind; self.title = title; self.action = action; self.count = count; self.fen = fen
    }
}

/// A day's latest run: the totals and the differences counted per kind (every kind listed).
public struct ReconciliationSummary: Codable, Sendable, Equatable {
    public var day: String
    /// 1 for the first run of the day, then 2, 3, … (a re-run adds a newer run).
    public var run: Int
    public var ranAt: Date
    public var channels: [String]
    public var matchedCount: Int
    public var matchedFen: Int64
    public var statementPaymentFen: Int64
    public var statementRefundFen: Int64
    public var ourPaidFen: Int64
    public var differenceCount: Int
    public var kinds: [ReconciliationKindCount]
    public init(day: String, run: Int, ranAt: Date, channels: [String], matchedCount: Int, matchedFen: Int64,
                statementPaymentFen: Int64, statementRefundFen: Int64, ourPaidFen: Int64, differenceCount: Int,
                kinds: [ReconciliationKindCount]) {
        self.day = day; self.run = run; self.ranAt = ranAt; self.channels = channels; self.matchedCount = matchedCount
        self.matchedFen = matchedFen; self.statementPaymentFen = statementPaymentFen; self.statementRefundFen = statementRefundFen
        self.ourPaidFen = ourPaidFen; self.differenceCount = differenceCount; self.kinds = kinds
    }
}

public struct ReconciliationList: Codable, Sendable, Equatable {
    /// Newest day first, each day's latest run.
    public var items: [ReconciliationSummary]
    public init(items: [ReconciliationSummary]) { self.items = items }
}

/// One difference as the administrator reads it.
public struct ReconciliationDifferenceView: Codable, Sendable, Equatable {
    public var kind: String
    public var title: String
    public var action: String
    public var channel: String
    public var orderId: String
    public var providerTradeNo: String?
    public var ourFen: Int64?
    public var providerFen: Int64?
    public var duesFen: Int64?
    public var ourTime: Date?
    public var providerTime: Date?
    public var statementLine: Int?
    public var detail: String
    public init(kind: String, title: String, action: String, channel: String, orderId: String, providerTradeNo: String?,
                ourFen: Int64?, providerFen: Int64?, duesFen: Int64?, ourTime: Date?, providerTime: Date?, statementLine: Int?,
                detail: String) {
        self.kind = kind; self.title = title; self.action = action; self.channel = channel; self.orderId = orderId
        self.providerTradeNo = providerTradeNo; self.ourFen = ourFen; self.providerFen = providerFen; self.duesFen = duesFen
        self.ourTime = ourTime; self.providerTime = providerTime; self.statementLine = statementLine; self.detail = detail
    }
}

/// A day's latest report: the summary and every difference (by kind, channel, order).
public struct ReconciliationView: Codable, Sendable, Equatable {
    public var summary: ReconciliationSummary
    public var differences: [ReconciliationDifferenceView]
    public init(summary: ReconciliationSummary, differences: [ReconciliationDifferenceView]) {
        self.summary = summary; self.differences = differences
    }
}
