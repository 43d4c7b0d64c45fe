import Foundation

/// How the money moves. Step 1 has Alipay; the others of issue 12 follow.
public enum PaymentChannel: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case alipay
    case wechatpay
    /// UnionPay 全渠道: the payer opens UnionPay's cashier page (debit cards only).
    case unionpay
    /// The 市民卡 wallet (Shaoxing): paid from its balance, no provider.
    case citizencard

    public var chineseName: String {
        switch self {
        case .alipay: "支付宝"
        case .wechatpay: "微信支付"
        case .unionpay: "银联"
        case .citizencard: "市民卡"
        }
    }
}

/// What an order pays: months of dues, or a top-up of the 市民卡 wallet.
public enum OrderPurpose: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case dues, topup
    /// Debited under a 银行缴费协议 (UnionPay 代收), no payer action.
    case debit
}

public enum OrderStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Months reserved in dues; waiting for the payer (confirmation factor, provider).
    case open
    /// The provider says the money moved.
    case paid
    /// Paid and the months confirmed in dues.
    case confirmed
    /// Dues refused the months (paid in cash meanwhile, reservation gone): the money goes back.
    case refunding
    /// The money went back.
    case refunded
    /// Not paid in time: the reservation is released.
    case expired
    /// A 银行缴费协议 debit the bank refused: the reservation is released, never retried.
    case failed
}

/// Where the payer pays: a QR code scanned with the provider's app (a PC), or WeChat Pay inside the
/// WeChat browser (JSAPI).
public enum PayClient: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case qr, jsapi
}

/// What the WeChat browser's `getBrandWCPayRequest` takes (signed by payments).
public struct JSAPIParameters: Codable, Sendable, Equatable {
    public var appId: String
    public var timeStamp: String
    public var nonceStr: String
    public var package: String
    public var signType: String
    public var paySign: String
    public init(appId: String, timeStamp: String, nonceStr: String, package: String, signType: String, paySign: String) {
        self.appId = appId; self.timeStamp = timeStamp; self.nonceStr = nonceStr; self.package = package
        self.signType = signType; self.paySign = paySign
    }
}

public struct CreateOrderRequest: Codable, Sendable, Equatable {
    /// Whose months: nil for the payer's own; a proxy lists the members who authorised them (the
    /// payer may include themself).
    public var memberIds: [String]?
    public var channel: PaymentChannel
    /// 备注: why a month is late (seed 003). At most 200 characters.
    public var remark: String?
    /// Default qr; jsapi only with WeChat Pay, for a member who bound WeChat.
    public var client: PayClient?
    public init(memberIds: [String]? = nil, channel: PaymentChannel, remark: String? = nil, client: PayClient? = nil) {
        self.memberIds = memberIds; self.channel = channel; self.remark = remark; self.client = client
    }
}

public struct OrderRef: Codable, Sendable, Equatable {
    public var orderId: String
    public init(orderId: String) { self.orderId = orderId }
}

/// One member-month an order pays, with the amount dues quoted for it.
public struct OrderLine: Codable, Sendable, Equatable {
    public var memberId: String
    public var month: String
    public var amountFen: Int64
    public init(memberId: String, month: String, amountFen: Int64) {
        self.memberId = memberId; self.month = month; self.amountFen = amountFen
    }
}

/// How the payer confirms an order before it goes to the provider (a setting per channel).
public enum ConfirmationFactor: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// An SMS code to the phone on record (Shaoxing).
    case sms
    /// A transaction password set when a card is bound (Suqian).
    case password
    case none
}

/// Where the order stands with its confirmation factor.
public struct OrderConfirmation: Codable, Sendable, Equatable {
    public var factor: ConfirmationFactor
    /// Where the SMS code went (138****5678).
    public var maskedPhone: String?
    public var confirmed: Bool
    public init(factor: ConfirmationFactor, maskedPhone: String?, confirmed: Bool) {
        self.factor = factor; self.maskedPhone = maskedPhone; self.confirmed = confirmed
    }
}

/// Money that went back, and why (in Chinese, for the member).
public struct OrderRefund: Codable, Sendable, Equatable {
    public var reason: String
    /// Nil while the refund is under way.
    public var refundedAt: Date?
    public init(reason: String, refundedAt: Date?) { self.reason = reason; self.refundedAt = refundedAt }
}

public struct OrderView: Codable, Sendable, Equatable {
    public var orderId: String
    public var status: OrderStatus
    public var channel: PaymentChannel
    public var payerMemberId: String
    /// Oldest first per member, as dues quoted them.
    public var lines: [OrderLine]
    /// What dues quoted; the client never sends it.
    public var totalFen: Int64
    public var remark: String?
    public var createdAt: Date
    /// The reservation in dues ends with the order.
    public var expiresAt: Date
    public var confirmation: OrderConfirmation
    /// Once confirmed: what the payer scans with the provider's app (the QR flow on a PC).
    public var qrCode: String?
    /// The provider's trade number, once paid.
    public var providerTradeNo: String?
    public var paidAt: Date?
    public var refund: OrderRefund?
    /// Once confirmed: the token of the shareable 回执 link (`/receipts/{token}`).
    public var receiptToken: String?
    /// Inside the WeChat browser: what to hand to `getBrandWCPayRequest` (instead of a QR code).
    public var jsapi: JSAPIParameters?
    public var purpose: OrderPurpose
    public init(orderId: String, status: OrderStatus, channel: PaymentChannel, payerMemberId: String, lines: [OrderLine],
                totalFen: Int64, remark: String?, createdAt: Date, expiresAt: Date,
                confirmation: OrderConfirmation = OrderConfirmation(factor: .none, maskedPhone: nil, confirmed: true),
                qrCode: String? = nil, providerTradeNo: String? = nil, paidAt: Date? = nil, refund: OrderRefund? = nil,
                receiptToken: String? = nil, jsapi: JSAPIParameters? = nil, purpose: OrderPurpose = .dues) {
        self.orderId = orderId; self.status = status; self.channel = channel; self.payerMemberId = payerMemberId
        self.lines = lines; self.totalFen = totalFen; self.remark = remark; self.createdAt = createdAt; self.expiresAt = expiresAt
        self.confirmation = confirmation; self.qrCode = qrCode; self.providerTradeNo = providerTradeNo; self.paidAt = paidAt
        self.refund = refund; self.receiptToken = receiptToken; self.jsapi = jsapi; self.purpose = purpose
    }
}

public enum RefundApplicationStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case pending, approved, rejected
}

/// 退费申请: a member asks for a paid order's money back; the branch decides.
public struct RefundApplyRequest: Codable, Sendable, Equatable {
    public var orderId: String
    /// Why (2–200 characters).
    public var reason: String
    public init(orderId: String, reason: String) { self.orderId = orderId; self.reason = reason }
}

public struct RefundApplicationView: Codable, Sendable, Equatable {
    public var applicationId: String
    public var orderId: String
    public var memberId: String
    public var amountFen: Int64
    /// yyyy-MM, oldest first.
    public var months: [String]
    public var reason: String
    public var status: RefundApplicationStatus
    public var reviewComment: String?
    public var createdAt: Date
    public var reviewedAt: Date?
    public init(applicationId: String, orderId: String, memberId: String, amountFen: Int64, months: [String], reason: String,
                status: RefundApplicationStatus, reviewComment: String?, createdAt: Date, reviewedAt: Date?) {
        self.applicationId = applicationId; self.orderId = orderId; self.memberId = memberId; self.amountFen = amountFen
        self.months = months; self.reason = reason; self.status = status; self.reviewComment = reviewComment
        self.createdAt = createdAt; self.reviewedAt = reviewedAt
    }
}

public struct RefundApplicationQuery: Codable, Sendable, Equatable {
    /// Default: pending.
    public var status: RefundApplicationStatus?
    public init(status: RefundApplicationStatus? = nil) { self.status = status }
}

public struct RefundApplicationList: Codable, Sendable, Equatable {
    public var items: [RefundApplicationView]
    public init(items: [RefundApplicationView]) { self.items = items }
}

public struct RefundReviewRequest: Codable, Sendable, Equatable {
    public var applicationId: String
    public var approve: Bool
    /// Required when rejecting (the member reads it).
    public var comment: String?
    public init(applicationId: String, approve: Bool, comment: String?) {
        self.applicationId = applicationId; self.approve = approve; self.comment = comment
    }
}

/// 回执 (seed 002): what a shared link shows — a masked name, no ID number, no phone.
public struct ReceiptRef: Codable, Sendable, Equatable {
    public var token: String
    public init(token: String) { self.token = token }
}

public struct ReceiptView: Codable, Sendable, Equatable {
    /// 张*
    public var maskedName: String
    public var organizationName: String
    /// yyyy-MM, oldest first, and how many members the order paid for.
    public var months: [String]
    public var members: Int
    public var amountFen: Int64
    public var channel: PaymentChannel
    public var paidAt: Date
    public init(maskedName: String, organizationName: String, months: [String], members: Int, amountFen: Int64,
                channel: PaymentChannel, paidAt: Date) {
        self.maskedName = maskedName; self.organizationName = organizationName; self.months = months; self.members = members
        self.amountFen = amountFen; self.channel = channel; self.paidAt = paidAt
    }
}

// MARK: 市民卡 wallet (Shaoxing)

public enum WalletMovementKind: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Money in through Alipay or WeChat Pay.
    case topup
    /// Dues paid from the balance.
    case spend
    /// Dues refused or refunded: the money back to the balance.
    case refund
}

public struct WalletMovement: Codable, Sendable, Equatable {
    public var kind: WalletMovementKind
    /// Signed: top-ups and refunds positive, spending negative.
    public var amountFen: Int64
    public var orderId: String
    public var createdAt: Date
    public init(kind: WalletMovementKind, amountFen: Int64, orderId: String, createdAt: Date) {
        self.kind = kind; self.amountFen = amountFen; self.orderId = orderId; self.createdAt = createdAt
    }
}

public struct WalletView: Codable, Sendable, Equatable {
    public var registered: Bool
    public var cardNo: String?
    /// The sum of the movements; never negative.
    public var balanceFen: Int64
    /// While registering: where the SMS code went.
    public var maskedPhone: String?
    /// Newest first (at most 50).
    public var movements: [WalletMovement]
    public init(registered: Bool, cardNo: String?, balanceFen: Int64, maskedPhone: String?, movements: [WalletMovement]) {
        self.registered = registered; self.cardNo = cardNo; self.balanceFen = balanceFen; self.maskedPhone = maskedPhone
        self.movements = movements
    }
}

/// Without a code: an SMS code goes to the phone on record. With it: the wallet is opened.
public struct WalletRegisterRequest: Codable, Sendable, Equatable {
    public var code: String?
    public init(code: String? = nil) { self.code = code }
}

public struct TopUpRequest: Codable, Sendable, Equatable {
    /// ¥1.00 to ¥5,000.00.
    public var amountFen: Int64
    /// alipay or wechatpay.
    public var channel: PaymentChannel
    public init(amountFen: Int64, channel: PaymentChannel) { self.amountFen = amountFen; self.channel = channel }
}

/// 在线支付订单 (administrators): the orders paying months of members in an organization and below it.
public struct OrderSearchQuery: Codable, Sendable, Equatable {
    /// Default: the administrator's own organization.
    public var orgCode: String?
    public var status: OrderStatus?
    /// At most 200; default 50.
    public var limit: Int?
    public init(orgCode: String? = nil, status: OrderStatus? = nil, limit: Int? = nil) {
        self.orgCode = orgCode; self.status = status; self.limit = limit
    }
}

public struct AdminOrderLine: Codable, Sendable, Equatable {
    public var memberId: String
    public var memberName: String
    public var orgCode: String
    public var month: String
    public var amountFen: Int64
    public init(memberId: String, memberName: String, orgCode: String, month: String, amountFen: Int64) {
        self.memberId = memberId; self.memberName = memberName; self.orgCode = orgCode; self.month = month; self.amountFen = amountFen
    }
}

public struct AdminOrderView: Codable, Sendable, Equatable {
    public var orderId: String
    public var status: OrderStatus
    public var channel: PaymentChannel
    public var payerMemberId: String
    public var totalFen: Int64
    public var lines: [AdminOrderLine]
    public var createdAt: Date
    public var paidAt: Date?
    public var providerTradeNo: String?
    /// Why it was refunded, in Chinese.
    public var refundReason: String?
    public init(orderId: String, status: OrderStatus, channel: PaymentChannel, payerMemberId: String, totalFen: Int64,
                lines: [AdminOrderLine], createdAt: Date, paidAt: Date?, providerTradeNo: String?, refundReason: String?) {
        self.orderId = orderId; self.status = status; self.channel = channel; self.payerMemberId = payerMemberId
        self.totalFen = totalFen; self.lines = lines; self.createdAt = createdAt; self.paidAt = paidAt
        self.providerTradeNo = providerTradeNo; self.refundReason = refundReason
    }
}

public struct AdminOrderList: Codable, Sendable, Equatable {
    public var items: [AdminOrderView]
    public init(items: [AdminOrderView]) { self.items = items }
}

/// 交易密码 (Suqian): six digits, separate from the login password, set with an SMS code to the phone
/// on record. Without `code`: the code is sent. With `code` and `password`: the password is set.
public struct TransactionPasswordRequest: Codable, Sendable, Equatable {
    public var code: String?
    public var password: String?
    public init(code: String? = nil, password: String? = nil) { self.code = code; self.password = password }
}

public struct TransactionPasswordStatus: Codable, Sendable, Equatable {
    public var set: Bool
    /// While setting: where the SMS code went.
    public var maskedPhone: String?
    /// Locked after too many wrong tries, until then.
    public var lockedUntil: Date?
    public init(set: Bool, maskedPhone: String?, lockedUntil: Date?) {
        self.set = set; self.maskedPhone = maskedPhone; self.lockedUntil = lockedUntil
    }
}

/// `payments.certificate`: one's own payments of a year.
public struct CertificateRequest: Codable, Sendable, Equatable {
    /// Default: this year (Beijing).
    public var year: Int?
    public init(year: Int? = nil) { self.year = year }
}

/// `payments.order.confirm`: the SMS code (or transaction password) that lets the order go to the provider.
public struct ConfirmOrderRequest: Codable, Sendable, Equatable {
    public var orderId: String
    public var code: String?
    public init(orderId: String, code: String?) { self.orderId = orderId; self.code = code }
}

/// 缴费记录: orders the member paid, for themself or for others, and orders others paid for them.
public struct OrderListQuery: Codable, Sendable, Equatable {
    /// At most 100; default 20.
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

public struct OrderList: Codable, Sendable, Equatable {
    public var items: [OrderView]
    public init(items: [OrderView]) { self.items = items }
}

/// A channel the installation has switched on, with its confirmation factor.
public struct ChannelInfo: Codable, Sendable, Equatable {
    public var channel: PaymentChannel
    /// 支付宝, 微信支付, …
    public var name: String
    public var factor: ConfirmationFactor
    public init(channel: PaymentChannel, name: String, factor: ConfirmationFactor) {
        self.channel = channel; self.name = name; self.factor = factor
    }
}

public struct ChannelList: Codable, Sendable, Equatable {
    public var items: [ChannelInfo]
    public init(items: [ChannelInfo]) { self.items = items }
}

/// Alipay's asynchronous notification as the gateway hands it over: the form body, unparsed.
public struct AlipayNotify: Codable, Sendable, Equatable {
    public var form: String
    public init(form: String) { self.form = form }
}

/// WeChat Pay's notification as the gateway hands it over: the JSON body as received (its signature
/// covers those bytes) and the Wechatpay-* headers.
public struct WeChatPayNotify: Codable, Sendable, Equatable {
    public var json: String
    public var signature: String?
    public var timestamp: String?
    public var nonce: String?
    public var serial: String?
    public init(json: String, signature: String?, timestamp: String?, nonce: String?, serial: String?) {
        self.json = json; self.signature = signature; self.timestamp = timestamp; self.nonce = nonce; self.serial = serial
    }
}

/// UnionPay's back notification as the gateway hands it over: the form body, unparsed.
public struct UnionPayNotify: Codable, Sendable, Equatable {
    public var form: String
    public init(form: String) { self.form = form }
}

/// What payments made of a provider's notification (the provider itself is answered `success`).
public struct NotifyAck: Codable, Sendable, Equatable {
    /// applied | duplicate | not_paid
    public var outcome: String
    public init(outcome: String) { self.outcome = outcome }
}
