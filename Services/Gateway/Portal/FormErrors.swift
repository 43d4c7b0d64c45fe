import Schema

/// A service's error placed on the form: next to the field its `details.field` names
/// (`body.newPassword` → the input `newPassword`), else above the form. The message is the
/// service's Chinese one, as sent.
struct FormErrors {
    var fields: [String: String] = [:]
    var general: String?

    init(fields: [String: String] = [:], general: String? = nil) {
        self.fields = fields
        self.general = general
    }

    init(_ error: ErrorBody, inputs: Set<String>) {
        if let field = error.details["field"], let dot = field.firstIndex(of: ".") {
            let name = String(field[field.index(after: dot)...].prefix { $0 != "." })
            if inputs.contains(name) {
                fields[name] = error.message
                return
            }
        }
        general = error.message
    }

    var isEmpty: Bool { fields.isEmpty && general == nil }
}
