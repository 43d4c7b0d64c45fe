import Foundation

/// What differs between installations (组织生活). Loaded from a JSON file (`meetings --settings FILE`);
/// absent keys keep these defaults.
public struct MeetingsSettings: Codable, Sendable, Equatable {
    /// The names a meeting of kind `other` may take (an installation's own kinds of organizational life).
    public var otherKinds = ["专题学习", "志愿服务"]
    /// The most members one meeting may invite (a committee-wide 党课).
    public var maxInvitees = 20_000
    /// Check-in opens this many minutes before the meeting starts…
    public var checkInOpensMinutes = 60
    /// …and closes this many minutes after it ends; the QR code's token expires then too.
    public var checkInClosesMinutes = 30
    /// Where members' phones reach the portal: the QR code encodes `<portalURL>/meetings/checkin?t=<token>`.
    public var portalURL = "http://localhost:8080"

    public init() {}

    public init(from decoder: any Decoder) throws {
        let d = MeetingsSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        otherKinds = try c.decodeIfPresent([String].self, forKey: .otherKinds) ?? d.otherKinds
        maxInvitees = try c.decodeIfPresent(Int.self, forKey: .maxInvitees) ?? d.maxInvitees
        checkInOpensMinutes = try c.decodeIfPresent(Int.self, forKey: .checkInOpensMinutes) ?? d.checkInOpensMinutes
        checkInClosesMinutes = try c.decodeIfPresent(Int.self, forKey: .checkInClosesMinutes) ?? d.checkInClosesMinutes
        portalURL = try c.decodeIfPresent(String.self, forKey: .portalURL) ?? d.portalURL
        guard (1...100_000).contains(maxInvitees) else {
            throw DecodingError.dataCorruptedError(forKey: .maxInvitees, in: c, debugDescription: "maxInvitees must be 1–100000")
        }
        guard (0...1440).contains(checkInOpensMinutes), (0...1440).contains(checkInClosesMinutes) else {
            throw DecodingError.dataCorruptedError(forKey: .checkInOpensMinutes, in: c, debugDescription: "check-in minutes must be 0–1440")
        }
        guard portalURL.hasPrefix("http://") || portalURL.hasPrefix("https://") else {
            throw DecodingError.dataCorruptedError(forKey: .portalURL, in: c, debugDescription: "portalURL must be an http(s) URL")
        }
    }

    /// When check-in opens and closes for a meeting.
    func checkInWindow(startsAt: Date, endsAt: Date) -> (Date, Date) {
        (startsAt.addingTimeInterval(-Double(checkInOpensMinutes) * 60), endsAt.addingTimeInterval(Double(checkInClosesMinutes) * 60))
    }
}
