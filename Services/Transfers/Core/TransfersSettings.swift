import Foundation
import Schema

/// What differs between installations (组织关系转接). Loaded from a JSON file
/// (`transfers --settings FILE`); absent keys keep these defaults.
public struct TransfersSettings: Codable, Sendable, Equatable {
    /// Which levels between the sending branch and the committee with authority review (the branch
    /// always reviews first). OWIP makes the top-level check optional.
    public var approval = ApprovalSettings()
    /// 介绍信 validity (有效期), in days.
    public var letterValidDays = 30
    /// A 回执 not back this many days after its letter reminds the sending branch, once.
    public var receiptDueDays = 30
    /// The largest 回执 upload (a phone photo), in bytes.
    public var receiptMaxBytes = 4 << 20
    /// How often the sweeper looks for approved transfers identity has not yet applied, and for overdue 回执.
    public var sweepSeconds = 15
    /// 发函单位 details for a committee that has not set its own (address, phone, fax, postcode).
    public var defaultLetterhead = DefaultLetterhead()

    public init() {}

    public init(from decoder: any Decoder) throws {
        let d = TransfersSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        approval = try c.decodeIfPresent(ApprovalSettings.self, forKey: .approval) ?? d.approval
        letterValidDays = try c.decodeIfPresent(Int.self, forKey: .letterValidDays) ?? d.letterValidDays
        receiptDueDays = try c.decodeIfPresent(Int.self, forKey: .receiptDueDays) ?? d.receiptDueDays
        receiptMaxBytes = try c.decodeIfPresent(Int.self, forKey: .receiptMaxBytes) ?? d.receiptMaxBytes
        sweepSeconds = try c.decodeIfPresent(Int.self, forKey: .sweepSeconds) ?? d.sweepSeconds
        defaultLetterhead = try c.decodeIfPresent(DefaultLetterhead.self, forKey: .defaultLetterhead) ?? d.defaultLetterhead
        guard (1...365).contains(letterValidDays) else {
            throw DecodingError.dataCorruptedError(forKey: .letterValidDays, in: c, debugDescription: "letterValidDays must be 1–365")
        }
        guard (1...365).contains(receiptDueDays) else {
            throw DecodingError.dataCorruptedError(forKey: .receiptDueDays, in: c, debugDescription: "receiptDueDays must be 1–365")
        }
        guard receiptMaxBytes >= 64 << 10 else {
            throw DecodingError.dataCorruptedError(forKey: .receiptMaxBytes, in: c, debugDescription: "receiptMaxBytes must be at least 65536")
        }
    }
}

/// The approval chain's levels (the sending side). The branch reviews first; then, climbing the tree:
/// a 党总支 between the branch and its committee when `generalBranch`; the nearest 党委/党工委 always
/// (the committee with authority); every committee above it up to, not including, the root when
/// `upperCommittees`; the root organization (市委组织部) when `topLevel`, for outbound transfers only
/// unless `topLevelForAll`. Inside the installation the receiving committee then assigns (划拨) and
/// the receiving branch confirms; where the receiving committee is the one that just approved, its
/// approval and its 划拨 are one step.
public struct ApprovalSettings: Codable, Sendable, Equatable {
    public var generalBranch = true
    public var upperCommittees = false
    public var topLevel = false
    public var topLevelForAll = false

    public init() {}

    public init(from decoder: any Decoder) throws {
        let d = ApprovalSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generalBranch = try c.decodeIfPresent(Bool.self, forKey: .generalBranch) ?? d.generalBranch
        upperCommittees = try c.decodeIfPresent(Bool.self, forKey: .upperCommittees) ?? d.upperCommittees
        topLevel = try c.decodeIfPresent(Bool.self, forKey: .topLevel) ?? d.topLevel
        topLevelForAll = try c.decodeIfPresent(Bool.self, forKey: .topLevelForAll) ?? d.topLevelForAll
    }
}

public struct DefaultLetterhead: Codable, Sendable, Equatable {
    public var address = ""
    public var phone = ""
    public var fax = ""
    public var postcode = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decodeIfPresent(String.self, forKey: .address) ?? ""
        phone = try c.decodeIfPresent(String.self, forKey: .phone) ?? ""
        fax = try c.decodeIfPresent(String.self, forKey: .fax) ?? ""
        postcode = try c.decodeIfPresent(String.self, forKey: .postcode) ?? ""
    }
}
