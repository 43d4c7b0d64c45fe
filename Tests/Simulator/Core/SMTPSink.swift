import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The installation's SMTP relay, played: a real RFC 5321 server on a TCP port that stores every
/// message it accepts (raw, dot-unstuffed) for `GET /_sim/smtp/messages`. Recipients whose local
/// part starts with `reject` are refused with 550 and `busy` with 451, so clients' error paths can
/// be tested. AUTH PLAIN/LOGIN are offered and any credentials are accepted (and recorded).
/// A thread per connection: test traffic only.
public final class SMTPSink: @unchecked Sendable {
    public struct Message: Sendable {
        public var id: Int
        public var from: String
        public var to: [String]
        public var raw: Data
        public var authUser: String?
        public var helo: String
        public var receivedAt: Date

        func json() -> [String: Any] {
            var out: [String: Any] = ["id": id, "from": from, "to": to, "helo": helo, "rawBase64": raw.base64EncodedString(),
                                      "size": raw.count, "receivedAt": ISO8601DateFormatter().string(from: receivedAt)]
            if let authUser { out["authUser"] = authUser }
            return out
        }
    }

    let bind: String
    let requestedPort: UInt16
    private let lock = NSLock()
    private var stored: [Message] = []
    private var listener: Int32 = -1
    private var stopped = false
    public private(set) var port: UInt16 = 0

    public init(bind: String, port: UInt16) {
        self.bind = bind
        self.requestedPort = port
    }

    public var messages: [Message] { lock.withLock { stored } }

    public func reset() { lock.withLock { stored = [] } }

    /// Binds and starts accepting; returns the port bound.
    @discardableResult
    public func start() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SinkError.socket(String(cString: strerror(errno))) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requestedPort.bigEndian
        inet_pton(AF_INET, bind, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let why = String(cString: strerror(errno))
            _ = Glibc.close(fd)
            throw SinkError.socket("bind \(bind):\(requestedPort): \(why)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        lock.withLock {
            listener = fd
            port = UInt16(bigEndian: actual.sin_port)
        }
        Thread { [self] in acceptLoop(fd) }.start()
        return lock.withLock { port }
    }

    public func stop() {
        let fd = lock.withLock { () -> Int32 in
            stopped = true
            defer { listener = -1 }
            return listener
        }
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            _ = Glibc.close(fd)
        }
    }

    enum SinkError: Error { case socket(String) }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return  // closed by stop()
            }
            var tv = timeval(tv_sec: 30, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            Thread { [self] in
                SinkConnection(fd: client, sink: self).run()
                _ = Glibc.close(client)
            }.start()
        }
    }

    fileprivate func store(from: String, to: [String], raw: Data, helo: String, authUser: String?) -> Int {
        lock.withLock {
            let id = stored.count + 1
            stored.append(Message(id: id, from: from, to: to, raw: raw, authUser: authUser, helo: helo, receivedAt: Date()))
            return id
        }
    }

    /// `GET /_sim/smtp/messages[?to=addr]`: what the sink accepted, oldest first.
    public func list(to address: String?) -> [String: Any] {
        let wanted = address?.lowercased()
        let list = messages.filter { m in wanted == nil || m.to.contains { $0.lowercased() == wanted } }.map { $0.json() }
        return ["count": list.count, "messages": list]
    }
}

/// One client's dialogue (RFC 5321 §4.1 commands, §4.3.2 reply codes).
private final class SinkConnection {
    let fd: Int32
    let sink: SMTPSink
    var buffer = [UInt8]()
    var helo = ""
    var from: String?
    var recipients: [String] = []
    var authUser: String?

    init(fd: Int32, sink: SMTPSink) { self.fd = fd; self.sink = sink }

    func run() {
        reply("220 sim.smtp.local ESMTP provider-sim")
        while let line = readLine() {
            let upper = line.uppercased()
            let verb = upper.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            switch verb {
            case "EHLO":
                helo = String(line.dropFirst(5))
                reset()
                reply("250-sim.smtp.local greets \(helo)\r\n250-8BITMIME\r\n250-SIZE 26214400\r\n250-AUTH PLAIN LOGIN\r\n250 HELP")
            case "HELO":
                helo = String(line.dropFirst(5))
                reset()
                reply("250 sim.smtp.local")
            case "AUTH":
                authenticate(line)
            case "MAIL":
                guard upper.hasPrefix("MAIL FROM:"), let address = Self.path(line) else { reply("501 5.5.4 Syntax: MAIL FROM:<address>"); continue }
                guard !helo.isEmpty else { reply("503 5.5.1 EHLO/HELO first"); continue }
                from = address
                recipients = []
                reply("250 2.1.0 Ok")
            case "RCPT":
                guard upper.hasPrefix("RCPT TO:"), let address = Self.path(line) else { reply("501 5.5.4 Syntax: RCPT TO:<address>"); continue }
                guard from != nil else { reply("503 5.5.1 MAIL first"); continue }
                let local = address.split(separator: "@").first.map { $0.lowercased() } ?? ""
                if local.hasPrefix("reject") { reply("550 5.1.1 <\(address)>: Recipient address rejected: User unknown"); continue }
                if local.hasPrefix("busy") { reply("451 4.3.0 <\(address)>: Temporary lookup failure"); continue }
                recipients.append(address)
                reply("250 2.1.5 Ok")
            case "DATA":
                guard let sender = from, !recipients.isEmpty else { reply("503 5.5.1 RCPT first"); continue }
                reply("354 End data with <CR><LF>.<CR><LF>")
                guard let raw = readData() else { return }
                let id = sink.store(from: sender, to: recipients, raw: raw, helo: helo, authUser: authUser)
                reset()
                reply("250 2.0.0 Ok: queued as SIM\(id)")
            case "RSET":
                reset()
                reply("250 2.0.0 Ok")
            case "NOOP":
                reply("250 2.0.0 Ok")
            case "QUIT":
                reply("221 2.0.0 Bye")
                return
            default:
                reply("502 5.5.2 Error: command not recognized")
            }
        }
    }

    func reset() { from = nil; recipients = [] }

    func authenticate(_ line: String) {
        let parts = line.split(separator: " ").map(String.init)
        guard parts.count >= 2 else { reply("501 5.5.4 Syntax: AUTH mechanism"); return }
        switch parts[1].uppercased() {
        case "PLAIN":
            var token = parts.count > 2 ? parts[2] : nil
            if token == nil { reply("334 "); token = readLine() }
            guard let token, let decoded = Data(base64Encoded: token) else { reply("501 5.5.2 Cannot decode response"); return }
            let fields = decoded.split(separator: 0, omittingEmptySubsequences: false)
            guard fields.count == 3 else { reply("535 5.7.8 Authentication failed"); return }
            authUser = String(decoding: fields[1], as: UTF8.self)
            reply("235 2.7.0 Authentication successful")
        case "LOGIN":
            reply("334 VXNlcm5hbWU6")
            guard let user = readLine(), let name = Data(base64Encoded: user) else { reply("501 5.5.2 Cannot decode response"); return }
            reply("334 UGFzc3dvcmQ6")
            guard readLine() != nil else { return }
            authUser = String(decoding: name, as: UTF8.self)
            reply("235 2.7.0 Authentication successful")
        default:
            reply("504 5.5.4 Unrecognized authentication type")
        }
    }

    /// The address between < and > of MAIL FROM / RCPT TO (parameters after it ignored).
    static func path(_ line: String) -> String? {
        guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { return nil }
        return String(line[line.index(after: open)..<close])
    }

    func reply(_ text: String) {
        let bytes = Array((text + "\r\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    func readLine() -> String? {
        guard let bytes = readRawLine() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One line without its CRLF (or LF).
    func readRawLine() -> [UInt8]? {
        while true {
            if let lf = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<lf])
                buffer.removeSubrange(...lf)
                if line.last == 13 { line.removeLast() }
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 16384)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 { buffer += chunk[0..<n] } else if n < 0 && errno == EINTR { continue } else { return nil }
        }
    }

    /// The message up to the lone ".", dot-unstuffed (RFC 5321 §4.5.2), lines joined by CRLF.
    func readData() -> Data? {
        var out = [UInt8]()
        while let line = readRawLine() {
            if line == [UInt8(ascii: ".")] { return Data(out) }
            out += line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line
            out += [13, 10]
        }
        return nil
    }
}
