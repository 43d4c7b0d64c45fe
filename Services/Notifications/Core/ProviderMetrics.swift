import Metrics

/// `provider_requests_total{provider, outcome}`: each message handed to a provider, by what came back.
/// refused: the provider answered no (a bad number, a template not approved, a rate limit);
/// error: no answer we can trust (timeout, no connection).
enum ProviderMetrics {
    static func count(_ provider: String, _ outcome: SendOutcome) {
        let label: String
        switch outcome {
        case .accepted: label = "ok"
        case .permanent: label = "refused"
        case .transient(let reason): label = provider != "email" && isAnswer(reason) ? "refused" : "error"
        case .unknown: label = "error"
        }
        Counter(label: "provider_requests_total", dimensions: [("provider", provider), ("outcome", label)]).increment()
    }

    /// A transient outcome carrying the provider's own code (a rate limit, a busy system), not one where
    /// it never answered: no connection, no provider configured, no token, an HTTP error page.
    static func isAnswer(_ reason: String) -> Bool {
        !["network", "no provider", "wechat.token"].contains(reason) && !reason.hasPrefix("http:")
    }
}
