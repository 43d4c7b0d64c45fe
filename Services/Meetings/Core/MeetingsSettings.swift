import Foundation
import Schema

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
    /// Where members' phones reach the portal: the QR code encodes `<portalURL>/meetings/<id>/checkin?t=<token>`.
    public var portalURL = "http://localhost:8080"
    /// The largest photo (会后补录), in bytes, and how many one meeting may have.
    public var photoMaxBytes = 4 << 20
    public var maxPhotos = 9
    /// How often each kind is due (支部工作条例): compliance counts branches against it.
    public var rhythm: [MeetingKind: MeetingRhythm] = [.assembly: .quarterly, .committee: .monthly, .group: .monthly,
                                                      .lecture: .quarterly, .themeDay: .monthly, .lifeMeeting: .yearly]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case otherKinds, maxInvitees, checkInOpensMinutes, checkInClosesMinutes, portalURL, photoMaxBytes, maxPhotos, rhythm
    }

    public init(from decoder: any Decoder) throws {
        let d = MeetingsSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        otherKinds = try c.decodeIfPresent([String].self, forKey: .otherKinds) ?? d.otherKinds
        maxInvitees = try c.decodeIfPresent(Int.self, forKey: .maxInvitees) ?? d.maxInvitees
        checkInOpensMinutes = try c.decodeIfPresent(Int.self, forKey: .checkInOpensMinutes) ?? d.checkInOpensMinutes
        checkInClosesMinutes = try c.decodeIfPresent(Int.self, forKey: .checkInClosesMinutes) ?? d.checkInClosesMinutes
        portalURL = try c.decodeIfPresent(String.self, forKey: .portalURL) ?? d.portalURL
        photoMaxBytes = try c.decodeIfPresent(Int.self, forKey: .photoMaxBytes) ?? d.photoMaxBytes
        maxPhotos = try c.decodeIfPresent(Int.self, forKey: .maxPhotos) ?? d.maxPhotos
        if let given = try c.decodeIfPresent([String: MeetingRhythm].self, forKey: .rhythm) {
            var rhythm = d.rhythm
            for (key, value) in given {
                guard let kind = MeetingKind(rawValue: key) else {
                    throw DecodingError.dataCorruptedError(forKey: .rhythm, in: c, debugDescription: "unknown meeting kind \(key)")
                }
                rhythm[kind] = value
            }
            self.rhythm = rhythm
        }
        guard photoMaxBytes >= 64 << 10, (1...50).contains(maxPhotos) else {
            throw DecodingError.dataCorruptedError(forKey: .photoMaxBytes, in: c, debugDescription: "photoMaxBytes ≥ 65536, maxPhotos 1–50")
        }
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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(otherKinds, forKey: .otherKinds); try c.encode(maxInvitees, forKey: .maxInvitees)
        try c.encode(checkInOpensMinutes, forKey: .checkInOpensMinutes); try c.encode(checkInClosesMinutes, forKey: .checkInClosesMinutes)
        try c.encode(portalURL, forKey: .portalURL); try c.encode(photoMaxBytes, forKey: .photoMaxBytes)
        try c.encode(maxPhotos, forKey: .maxPhotos)
        try c.encode(Dictionary(uniqueKeysWithValues: rhythm.map { ($0.key.rawValue, $0.value) }), forKey: .rhythm)
    }

    /// When check-in opens and closes for a meeting.
    func checkInWindow(startsAt: Date, endsAt: Date) -> (Date, Date) {
        (startsAt.addingTimeInterval(-Double(checkInOpensMinutes) * 60), endsAt.addingTimeInterval(Double(checkInClosesMinutes) * 60))
    }
}
