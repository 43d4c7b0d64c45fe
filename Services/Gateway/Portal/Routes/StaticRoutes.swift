import GatewayApp
import Hummingbird

/// The stylesheet, the script and the icon, compiled in: nothing is read from disk or the network at run time.
enum StaticRoutes {
    static func add(to group: RouterGroup<GatewayContext>) {
        group.get("/static/portal.css") { _, _ in file(stylesheet, type: "text/css; charset=utf-8") }
        group.get("/static/portal.js") { _, _ in file(script, type: "text/javascript; charset=utf-8") }
        group.get("/static/favicon.svg") { _, _ in file(Favicon.svg, type: "image/svg+xml") }
    }

    /// The base sheet, then each area's part.
    static let stylesheet = PortalCSS.text + "\n" + PortalAreas.css

    static let script = "\"use strict\";\n" + PortalAreas.script

    static func file(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
