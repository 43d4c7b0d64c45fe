import AsyncHTTPClient
import Foundation

/// What the providers (the simulator) say happened to each merchant order: money taken and money
/// given back, in fen, from the simulator's trade listings. The fault test's witness on the
/// provider side: money moves once per order, and what is not kept is returned.
public struct SimulatorLedger: Sendable {
    public struct Trade: Sendable, Equatable {
        public var channel: String
        public var paidFen: Int64
        public var refundedFen: Int64
    }

    public let trades: [String: Trade]

    public static func read(simulator: String, http: HTTPClient = .shared) async throws -> SimulatorLedger {
        var trades: [String: Trade] = [:]
        for (channel, path) in [("alipay", "/_sim/alipay/trades"), ("wechatpay", "/_sim/wechatpay/trades"), ("unionpay", "/_sim/unionpay/trades")] {
            let response = try await http.execute(HTTPClientRequest(url: simulator + path), timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 512 << 20)
            guard let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                  let list = json["trades"] as? [[String: Any]] else { throw RigError("\(path): not a trade list") }
            for t in list {
                switch channel {
                case "alipay":
                    // Alipay closes a fully refunded trade; an unpaid one closes with nothing refunded.
                    let status = t["status"] as? String ?? ""
                    let paid = status == "TRADE_SUCCESS" || status == "TRADE_FINISHED" || (status == "TRADE_CLOSED" && fen(t["refund_fee"]) > 0)
                    trades[t["out_trade_no"] as? String ?? ""] = Trade(
                        channel: channel, paidFen: paid ? fen(t["total_amount"]) : 0, refundedFen: fen(t["refund_fee"]))
                case "wechatpay":
                    let paid = t["transaction_id"] is String
                    trades[t["out_trade_no"] as? String ?? ""] = Trade(
                        channel: channel, paidFen: paid ? Int64(t["total"] as? Int ?? 0) : 0, refundedFen: Int64(t["refunded"] as? Int ?? 0))
                default:
                    let paid = t["paid"] as? Bool ?? false
                    trades[t["orderId"] as? String ?? ""] = Trade(
                        channel: channel, paidFen: paid ? Int64(t["txnAmt"] as? Int ?? 0) : 0, refundedFen: Int64(t["refunded"] as? Int ?? 0))
                }
            }
        }
        return SimulatorLedger(trades: trades)
    }

    /// "12.34" → 1234 (the simulator's Alipay amounts are yuan strings, as Alipay's are).
    static func fen(_ value: Any?) -> Int64 {
        guard let text = value as? String else { return 0 }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let yuan = Int64(parts.first ?? "0") ?? 0
        let cents = parts.count > 1 ? Int64(String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        return yuan * 100 + cents
    }
}
