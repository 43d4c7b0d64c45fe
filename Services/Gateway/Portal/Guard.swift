import GatewayApp
import Hummingbird
import Schema

/// A page asked for by someone who may not see it: sent to the login (not logged in) or to their
/// own home (the other kind of account). Thrown by `signedIn`, answered by `PortalErrorMiddleware`.
struct PortalRedirect: Error {
    var location: String
    var visit: Visit
}

extension PortalState {
    /// The visit of a logged-in `kind` (member or admin), or a redirect: the login page for a visitor
    /// without a session, the right home for the other kind. What the actor may see of a service's
    /// data is the service's rule, answered by the call (403 → the "no permission" page).
    func signedIn(_ request: Request, as kind: Actor.Kind) async throws -> (Visit, SignedIn) {
        let visit = await visit(request)
        guard let session = visit.session else { throw PortalRedirect(location: "/login", visit: visit) }
        guard session.actor.kind == kind else { throw PortalRedirect(location: HomeRoutes.home(session), visit: visit) }
        return (visit, session)
    }
}
