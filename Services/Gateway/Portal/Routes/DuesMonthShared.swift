import Foundation
import GatewayApp
import GatewayCore
import Hummingbird
import Schema

/// What the 党费管理 pages share: reading the query, yuan typed into a form, and how dues' values are
/// written on a page (display only: every amount shown is one dues computed).
enum DuesMonthPage {
    /// A query parameter, trimmed ("" when absent).
    static func query(_ request: Request, _ name: String) -> String {
        String(request.uri.queryParameters[name[...]] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `value` if not empty.
    static func given(_ value: String) -> String? { value.isEmpty ? nil : value }

    /// "2026-11" → "2026年11月" (as typed if it is not a month).
    static func chinese(month: String) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return month }
        return "\(y)年\(m)月"
    }

    /// The month before or after "yyyy-MM" (calendar arithmetic, for the page's 上月/下月 links).
    static func month(_ month: String, adding delta: Int) -> String? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        let index = y * 12 + (m - 1) + delta
        return String(format: "%04d-%02d", index / 12, index % 12 + 1)
    }

    static func yuan(_ fen: Int64) -> String { Format.yuan(fen: Int(fen)) }

    /// Basis points as a percentage: 150 → "1.5%", 9500 → "95%".
    static func percent(basisPoints bp: Int) -> String {
        let whole = bp / 100, rest = bp % 100
        if rest == 0 { return "\(whole)%" }
        return rest % 10 == 0 ? "\(whole).\(rest / 10)%" : "\(whole).\(rest < 10 ? "0" : "")\(rest)%"
    }

    static func stateText(_ state: MonthState) -> String {
        switch state {
        case .paid: "已交"
        case .due: "应交"
        case .overdue: "欠交（可补交）"
        case .pending: "待交"
        case .notSet: "支部未设置"
        case .exempt: "免交"
        }
    }

    /// 403 stays a page of its own ("没有权限"): a form never shows it as a field's error.
    static func rethrowIfForbidden(_ error: ErrorBody) throws(ErrorBody) {
        if ErrorStatus.status(for: error.code) == 403 { throw error }
    }
}

/// Yuan as an administrator types it ("5000", "5000.5", "¥5,000.50") and as an input shows it
/// ("5000.50"); money stays integer fen.
enum YuanText {
    static func parse(_ text: String) -> Int64? {
        var s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "，", with: "")
        if s.hasPrefix("¥") || s.hasPrefix("￥") { s.removeFirst() }
        if s.hasSuffix("元") { s.removeLast() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12,
              parts[0].allSatisfy(\.isASCII), let whole = Int64(parts[0]), whole >= 0 else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...2).contains(decimals.count), decimals.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            cents = Int64(decimals)! * (decimals.count == 1 ? 10 : 1)
        }
        return whole * 100 + cents
    }

    static func plain(_ fen: Int64?) -> String {
        guard let fen else { return "" }
        let cents = fen % 100
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

extension DuesMonthPage {
    /// A file dues made (`ExportReply`), served as a download with its type and name.
    static func download(_ reply: ExportReply) throws(ErrorBody) -> Response {
        guard let data = Data(base64Encoded: reply.contentBase64) else {
            throw ErrorBody.make(ErrorCode.internal, details: ["reason": "file_reply_malformed"])
        }
        return Response(status: .ok, headers: [
            .contentType: reply.contentType, .contentDisposition: FileReply.disposition(fileName: reply.fileName),
            .cacheControl: "no-store",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
