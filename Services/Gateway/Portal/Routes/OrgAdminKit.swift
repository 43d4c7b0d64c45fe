import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import Schema

/// One labelled control of the administrators' forms (input, select, textarea or checkbox), drawn by
/// the `oa_field` partial. Several forms share a page, so each control's id carries its form's prefix.
struct AdminField {
    var form: String
    var name: String
    var label: String
    var type = "text"
    var value = ""
    var required = false
    var options: [(value: String, label: String)]?
    var multiline = false
    var hint: String?
    var inputmode: String?
    /// Organization suggestions while typing: a click puts the suggestion's code in the input.
    var suggest = false

    var id: String { "\(form)-\(name)" }

    func data(_ errors: FormErrors?) -> [String: Any] {
        var data: [String: Any] = ["id": id, "name": name, "label": label, "type": type, "value": value, "required": required,
                                   "isSelect": options != nil, "isTextarea": multiline, "isCheckbox": type == "checkbox",
                                   "isInput": options == nil && !multiline && type != "checkbox", "suggest": suggest,
                                   "hint": OrgAdminKit.some(hint), "inputmode": OrgAdminKit.some(inputmode), "hasError": false]
        if let options {
            data["options"] = options.map { ["optionValue": $0.value, "optionLabel": $0.label, "selected": $0.value == value] }
        }
        if type == "checkbox" { data["checked"] = value == "1" }
        if let error = errors?.fields[name] {
            data["hasError"] = true
            data["error"] = error
        }
        return data
    }

    static func list(_ fields: [AdminField], _ errors: FormErrors?) -> [[String: Any]] { fields.map { $0.data(errors) } }
}

/// A form of a page that failed: which one, what identity said, what was typed (shown again).
struct FailedForm {
    var form: String
    var errors: FormErrors
    var values: [String: String]

    init(_ form: String, _ error: ErrorBody, inputs: Set<String>, values: [String: String]) {
        self.form = form
        errors = FormErrors(error, inputs: inputs)
        self.values = values
        status = LoginRoutes.status(error)
    }

    var status: HTTPResponse.Status

    /// The errors for `form` (nil for the page's other forms).
    func errors(for name: String) -> FormErrors? { form == name ? errors : nil }
    /// What to show in `form`'s input `field`: what was typed if that form failed, else `current`.
    func value(_ name: String, _ field: String, _ current: String) -> String { form == name ? (values[field] ?? current) : current }
    /// The form's general error (the message identity gave when no field was named).
    func general(for name: String) -> Any { form == name ? OrgAdminKit.some(errors.general) : false }
}

extension Optional where Wrapped == FailedForm {
    func errors(for name: String) -> FormErrors? { self?.errors(for: name) }
    func value(_ name: String, _ field: String, _ current: String) -> String { self?.value(name, field, current) ?? current }
    func general(for name: String) -> Any { self?.general(for: name) ?? false }
    var status: HTTPResponse.Status { self?.status ?? .ok }
}

enum OrgAdminKit {
    /// A query parameter, trimmed; "" when absent.
    static func query(_ request: Request, _ name: String) -> String {
        (request.uri.queryParameters[Substring(name)].map(String.init) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A path parameter as sent (decoded).
    static func parameter(_ context: GatewayContext, _ name: String) -> String {
        let raw: String = context.parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// RFC 3986's unreserved characters: everything else is percent-encoded.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encoded for a path or query.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static func json<T: Encodable>(_ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The notice a `?done=` after a redirect stands for.
    static func notice(_ request: Request, _ notices: [String: String]) -> Any {
        some(notices[query(request, "done")])
    }

    static func statusName(_ status: MemberStatus) -> String {
        switch status {
        case .active: "正常"
        case .transferredOut: "已转出"
        case .deceased: "已去世"
        case .removed: "已删除"
        }
    }

    static let orgTypeNames = OrganizationType.allCases.map { ($0.rawValue, $0.chineseName) }
    static let memberTypes = MemberType.allCases.map { ($0.rawValue, $0.chineseName) }
    static let posts = MemberPost.allCases.map { ($0.rawValue, $0.chineseName) }

    /// A value for a template section: the text, or false (absent keys would be looked up in the
    /// enclosing contexts).
    static func some(_ text: String?) -> Any { text.map { $0 as Any } ?? false }

    /// Empty → nil (a field left blank is not sent).
    static func given(_ text: String) -> String? { text.isEmpty ? nil : text }
}
