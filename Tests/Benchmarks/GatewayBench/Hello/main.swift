// hellobench: the floor GatewayBench compares the gateway with. A bare Hummingbird 2 server from the
// same hummingbird dependency as the gateway, one route (GET / → a short text), nothing else: no
// middleware, no bus, no logging per request.
//   hellobench --port 8081
import Hummingbird

var port = 8081
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    switch flag {
    case "--port":
        guard let value = arguments.popFirst().flatMap(Int.init) else { fatalError("--port needs a number") }
        port = value
    default:
        fatalError("usage: hellobench [--port N]")
    }
}

let router = Router()
router.get("/") { _, _ in "hello\n" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "hellobench"))
try await app.runService()
