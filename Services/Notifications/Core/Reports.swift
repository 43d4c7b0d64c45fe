import Crypto
import Foundation
import GRDB
import Schema

/// Delivery reports the providers push (forwarded by the gateway): Aliyun's JSON array of SMS
/// reports, WeChat's signed TEMPLATESENDJOBFINISH XML.
public enum Reports {
    /// Applies SMS reports: matched by OutId (our job id, or the OutId of a request that carried
    /// several numbers, with the report's phone), else by BizId (and phone). Returns how many matched.
    public static func applySms(_ db: Database, _ reports: [SmsReport], now: Date) throws -> Int {
        var matched = 0
        for report in reports {
            var job: Delivery?
            let phone = report.phone_number ?? ""
            if let outId = report.out_id, !outId.isEmpty {
                job = try DeliveryQueue.find(db, id: outId)
                if job == nil, !phone.isEmpty {
                    job = try Delivery.fetchOne(db.cachedStatement(sql: "SELECT * FROM delivery WHERE outId = ? AND recipient = ? AND channel = 'sms' LIMIT 1"),
                                                arguments: [outId, phone])
                }
            }
            if job == nil, let biz = report.biz_id, !biz.isEmpty {
                job = try Delivery.fetchOne(db.cachedStatement(sql: """
                    SELECT * FROM delivery WHERE providerMessageId = ? AND channel = 'sms' AND (? = '' OR recipient = ?) LIMIT 1
                    """), arguments: [biz, phone, phone])
            }
            guard let job, job.channel == Channel.sms.rawValue else { continue }
            matched += 1
            // A report can overtake our own record of the send (crash between provider and store):
            // it settles a `sending` job too.
            guard job.state == .sent || job.state == .sending else { continue }
            if report.success {
                try db.cachedStatement(sql: """
                    UPDATE delivery SET state = 'delivered', providerMessageId = coalesce(providerMessageId, ?), updatedAt = ? WHERE id = ?
                    """).execute(arguments: [report.biz_id, now, job.id])
            } else {
                try DeliveryQueue.markFailed(db, id: job.id, error: "report:\(report.err_code ?? "failed")", now: now)
            }
        }
        return matched
    }

    /// Verifies WeChat's signature (sha1 of the sorted token, timestamp, nonce) and applies a
    /// TEMPLATESENDJOBFINISH event: success → delivered; anything else → failed, and the message
    /// goes by SMS instead. Returns how many deliveries matched (0 or 1). An `unsubscribe` event
    /// unbinds the follower (ContactBook.unsubscribed); it returns how many contacts it matched.
    public static func applyWeChat(_ db: Database, _ callback: WeChatCallback, token: String, now: Date) throws -> Int {
        guard WeChatSignature.verify(signature: callback.signature, token: token, timestamp: callback.timestamp,
                                     nonce: callback.nonce) else {
            throw ErrorBody.make(ErrorCode.notificationsSignatureInvalid)
        }
        let xml = callback.xml
        if xmlField(xml, "Event") == "unsubscribe", let openid = xmlField(xml, "FromUserName") {
            return try ContactBook.unsubscribed(db, openid: openid, at: xmlField(xml, "CreateTime").flatMap(Double.init), now: now)
        }
        guard xmlField(xml, "Event") == "TEMPLATESENDJOBFINISH", let msgid = xmlField(xml, "MsgID") else { return 0 }
        let status = xmlField(xml, "Status") ?? ""
        guard let job = try Delivery.fetchOne(db.cachedStatement(sql: """
            SELECT * FROM delivery WHERE providerMessageId = ? AND channel = 'wechat' LIMIT 1
            """), arguments: [msgid]) else {
            // WeChat can report a message before its send is recorded (the report only names the
            // MsgID our sender stores once WeChat's answer is in). Acknowledged, the report would be
            // lost, and the member texted again at the report timeout: while a WeChat send is still
            // open, the push is refused so WeChat makes it again.
            let sending = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM delivery WHERE channel = 'wechat' AND state = 'sending')
                """)) ?? false
            if sending { throw ErrorBody.make(ErrorCode.notificationsReportEarly) }
            return 0
        }
        if status == "success" {
            // A report after the timeout fallback still records that WeChat delivered it.
            if job.state == .sent || (job.state == .failed && job.lastError == "wechat.no_report") {
                try DeliveryQueue.markDelivered(db, id: job.id, now: now)
            }
        } else if job.state == .sent {
            try DeliveryQueue.failAndFallBack(db, job, error: "report:\(status)", now: now)
        }
        return 1
    }

    /// WeChat's server-URL check: `echostr` itself when the signature matches the token, else
    /// `notifications.signature_invalid` (403). The same signature rule as every push.
    public static func checkWeChatServer(_ check: WeChatServerCheck, token: String) throws -> String {
        guard !token.isEmpty, WeChatSignature.verify(signature: check.signature, token: token, timestamp: check.timestamp,
                                                     nonce: check.nonce) else {
            throw ErrorBody.make(ErrorCode.notificationsSignatureInvalid)
        }
        return check.echostr
    }

    /// The text of `<Name>…</Name>`, CDATA or not.
    static func xmlField(_ xml: String, _ name: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        var value = String(xml[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        if value.hasPrefix("<![CDATA["), value.hasSuffix("]]>") { value = String(value.dropFirst(9).dropLast(3)) }
        return value
    }
}

public enum WeChatSignature {
    public static func sign(token: String, timestamp: String, nonce: String) -> String {
        let joined = [token, timestamp, nonce].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined()
        return Insecure.SHA1.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func verify(signature: String, token: String, timestamp: String, nonce: String) -> Bool {
        let expected = sign(token: token, timestamp: timestamp, nonce: nonce)
        let given = signature.lowercased()
        guard expected.utf8.count == given.utf8.count else { return false }
        return zip(expected.utf8, given.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
