import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The templates (Swift string constants: compiled in, nothing to find on disk at run time) and
/// how a page becomes a response.
struct Pages: Sendable {
    let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            // A template that does not parse is a programming error, caught by the first test.
            do { try library.register(text, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        self.library = library
    }

    func render(_ name: String, _ data: [String: Any]) -> String {
        library.render(data, withTemplate: name) ?? ""
    }

    func html(_ name: String, _ data: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Self.html(render(name, data), status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303: after a form post the browser GETs the next page.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

/// One labelled input of a form, as the `field` partial draws it.
struct Field {
    var name: String
    var label: String
    var type = "text"
    var value = ""
    var autocomplete = "off"
    var inputmode: String?
    var hint: String?

    func data(_ errors: FormErrors) -> [String: Any] {
        var data: [String: Any] = ["name": name, "id": "f-" + name, "label": label, "type": type, "value": value,
                                   "autocomplete": autocomplete]
        if let inputmode { data["inputmode"] = inputmode }
        if let hint { data["hint"] = hint }
        if let error = errors.fields[name] {
            data["hasError"] = true
            data["error"] = error
        }
        return data
    }
}

extension PortalState {
    /// A form page: its fields with their errors, the general error, and the CSRF token.
    func formPage(_ template: String, visit: Visit, title: String, fields: [Field], errors: FormErrors = FormErrors(),
                  extra: [String: Any] = [:], status: HTTPResponse.Status = .ok) -> Response {
        var data = extra
        data["title"] = title
        data["csrf"] = csrfToken(visit)
        data["fields"] = fields.map { $0.data(errors) }
        if let general = errors.general { data["formError"] = general }
        return visit.finish(pages.html(template, data, status: status))
    }

    func csrfToken(_ visit: Visit) -> String {
        visit.session.map { csrf.token(session: $0.claims.sid) } ?? csrf.token(device: visit.deviceId)
    }
}
