import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where and how to reach the installation's relay.
public struct SMTPRelay: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The name we give in EHLO/HELO.
    public var heloName: String
    /// AUTH PLAIN (or LOGIN, whichever the relay offers) when both are set.
    public var username: String?
    public var password: String?
    /// Per connect, and per reply awaited (RFC 5321 §4.5.3.2 allows minutes; a relay on the
    /// installation's network answers in milliseconds, so the default is short).
    public var timeoutSeconds: Double

    public init(host: String, port: Int = 25, heloName: String = "localhost", username: String? = nil,
                password: String? = nil, timeoutSeconds: Double = 15) {
        self.host = host; self.port = port; self.heloName = heloName; self.username = username
        self.password = password; self.timeoutSeconds = timeoutSeconds
    }
}

public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The relay could not be reached (name, refused connection, connect timeout).
    case unreachable(String)
    /// No reply (or could not write) within the timeout, or the connection closed mid-dialogue.
    case connectionLost(stage: String, String)
    /// The relay answered with an unexpected code.
    case rejected(stage: String, code: Int, text: String)
    /// The relay asked for something this client does not do (e.g. AUTH without a mechanism we know).
    case unsupported(String)
    /// A CR, LF or non-ASCII character in an address (would let one inject commands).
    case badAddress(String)

    /// 5xx: sending again the same way will fail again.
    public var isPermanent: Bool {
        switch self {
        case .rejected(_, let code, _): code >= 500
        case .unsupported, .badAddress: true
        case .unreachable, .connectionLost: false
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let why): "SMTP relay unreachable: \(why)"
        case .connectionLost(let stage, let why): "SMTP connection lost at \(stage): \(why)"
        case .rejected(let stage, let code, let text): "SMTP relay answered \(code) to \(stage): \(text)"
        case .unsupported(let what): "SMTP relay needs what we do not do: \(what)"
        case .badAddress(let address): "bad address for SMTP: \(address.debugDescription)"
        }
    }
}

/// RFC 5321 client over a plain TCP connection to the relay: EHLO (HELO if refused), AUTH when
/// configured, MAIL, RCPT per recipient, DATA with dot-stuffing, QUIT. One connection per message.
/// STARTTLS is not spoken: the supported mode is plaintext to an internal relay, which does TLS
/// onwards. Blocking sockets on a thread of their own, with deadlines on every read and write.
public struct SMTPClient: Sendable {
    public let relay: SMTPRelay

    public init(relay: SMTPRelay) { self.relay = relay }

    /// What the relay answered to the final dot (its queue id, usually).
    @discardableResult
    public func send(from: String, to recipients: [String], data: Data) async throws -> String {
        for address in [from] + recipients where !Self.isSafeAddress(address) { throw SMTPError.badAddress(address) }
        let relay = self.relay
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let session = try SMTPSession(relay: relay)
                    defer { session.close() }
                    continuation.resume(returning: try session.deliver(from: from, to: recipients, data: data))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// Builds and sends a message; returns its Message-ID.
    @discardableResult
    public func send(_ message: MailMessage) async throws -> String {
        let (data, id) = message.rendered()
        try await send(from: message.from, to: message.to, data: data)
        return id
    }

    static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
    }

    /// Lines starting with "." get another (RFC 5321 §4.5.2); CRLF line ends; the final ".".
    public static func dotStuffed(_ data: Data) -> Data {
        let text = MIMEEncoding.crlf(String(decoding: data, as: UTF8.self))
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        var out = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
        out += out.isEmpty ? ".\r\n" : "\r\n.\r\n"
        return Data(out.utf8)
    }
}

/// One connection's dialogue.
final class SMTPSession {
    let relay: SMTPRelay
    let fd: Int32
    var buffer = [UInt8]()

    init(relay: SMTPRelay) throws {
        self.relay = relay
        fd = try Self.connect(host: relay.host, port: relay.port, timeout: relay.timeoutSeconds)
    }

    func close() { _ = Glibc.close(fd) }

    func deliver(from: String, to recipients: [String], data: Data) throws -> String {
        _ = try expect("greeting", [220])
        var (code, lines) = try command("EHLO \(relay.heloName)", stage: "EHLO")
        var extensions: [String] = []
        if code == 250 {
            extensions = lines.dropFirst().map { $0.uppercased() }
        } else {
            // An old relay without ESMTP (RFC 5321 §3.2): HELO, and no extensions.
            (code, lines) = try command("HELO \(relay.heloName)", stage: "HELO")
            guard code == 250 else { throw SMTPError.rejected(stage: "HELO", code: code, text: lines.joined(separator: " ")) }
        }
        if let user = relay.username, let password = relay.password, !user.isEmpty {
            try authenticate(user: user, password: password, extensions: extensions)
        }
        try check("MAIL FROM:<\(from)>", stage: "MAIL FROM", [250])
        for recipient in recipients { try check("RCPT TO:<\(recipient)>", stage: "RCPT TO <\(recipient)>", [250, 251]) }
        try check("DATA", stage: "DATA", [354])
        try write(SMTPClient.dotStuffed(data), stage: "message")
        let accepted = try expect("end of data", [250])
        _ = try? command("QUIT", stage: "QUIT")  // the message is accepted; a lost 221 changes nothing
        return accepted.joined(separator: " ")
    }

    func authenticate(user: String, password: String, extensions: [String]) throws {
        let mechanisms = Set(extensions.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
            .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
        if mechanisms.contains("PLAIN") {
            // RFC 4616: authzid NUL authcid NUL passwd.
            let token = Data(([UInt8]()) + [0] + Array(user.utf8) + [0] + Array(password.utf8)).base64EncodedString()
            try check("AUTH PLAIN \(token)", stage: "AUTH PLAIN", [235])
        } else if mechanisms.contains("LOGIN") {
            try check("AUTH LOGIN", stage: "AUTH LOGIN", [334])
            try check(Data(user.utf8).base64EncodedString(), stage: "AUTH LOGIN username", [334])
            try check(Data(password.utf8).base64EncodedString(), stage: "AUTH LOGIN password", [235])
        } else {
            throw SMTPError.unsupported("AUTH PLAIN or LOGIN (offered: \(mechanisms.sorted().joined(separator: " ")))")
        }
    }

    func check(_ line: String, stage: String, _ codes: Set<Int>) throws {
        let (code, lines) = try command(line, stage: stage)
        guard codes.contains(code) else { throw SMTPError.rejected(stage: stage, code: code, text: lines.joined(separator: " ")) }
    }

    func command(_ line: String, stage: String) throws -> (Int, [String]) {
        try write(Data((line + "\r\n").utf8), stage: stage)
        return try reply(stage: stage)
    }

    func expect(_ stage: String, _ codes: Set<Int>) throws -> [String] {
        let (code, lines) = try reply(stage: stage)
        guard codes.contains(code) else { throw SMTPError.rejected(stage: stage, code: code, text: lines.joined(separator: " ")) }
        return lines
    }

    /// A reply: lines "ddd-text" continued until "ddd text" (RFC 5321 §4.2.1). The texts without codes.
    func reply(stage: String) throws -> (Int, [String]) {
        var texts: [String] = []
        while true {
            let line = try readLine(stage: stage)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                throw SMTPError.connectionLost(stage: stage, "malformed reply \(line.prefix(80).debugDescription)")
            }
            texts.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] != UInt8(ascii: "-") { return (code, texts) }
        }
    }

    func readLine(stage: String) throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<lf])
                buffer.removeSubrange(...lf)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 64 * 1024 else { throw SMTPError.connectionLost(stage: stage, "reply line too long") }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 {
                buffer += chunk[0..<n]
            } else if n == 0 {
                throw SMTPError.connectionLost(stage: stage, "closed by the relay")
            } else if errno == EINTR {
                continue
            } else {
                throw SMTPError.connectionLost(stage: stage, errno == EAGAIN || errno == EWOULDBLOCK
                    ? "no reply within \(relay.timeoutSeconds) s" : String(cString: strerror(errno)))
            }
        }
    }

    func write(_ data: Data, stage: String) throws {
        let bytes = [UInt8](data)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw SMTPError.connectionLost(stage: stage, n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
                ? "could not write within \(relay.timeoutSeconds) s" : String(cString: strerror(errno)))
        }
    }

    /// Resolves the host, connects with a deadline (non-blocking connect + poll), then sets the
    /// read and write timeouts on the blocking socket.
    static func connect(host: String, port: Int, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SMTPError.unreachable("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd < 0 { lastError = String(cString: strerror(errno)); continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result < 0 && errno == EINPROGRESS {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&pfd, 1, Int32(timeout * 1000))
                if ready == 0 {
                    lastError = "connect to \(host):\(port) timed out"
                    _ = Glibc.close(fd)
                    continue
                }
                var soError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
                result = soError == 0 ? 0 : -1
                if soError != 0 { errno = soError }
            }
            if result < 0 {
                lastError = "connect to \(host):\(port): \(String(cString: strerror(errno)))"
                _ = Glibc.close(fd)
                continue
            }
            _ = fcntl(fd, F_SETFL, flags)
            var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            return fd
        }
        throw SMTPError.unreachable(lastError)
    }
}
