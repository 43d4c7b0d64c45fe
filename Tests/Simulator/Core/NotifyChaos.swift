import Foundation

/// Test hook (`--notify-chaos MS`): every payment notification goes out twice, each copy after its
/// own random pause of up to MS ms, so copies arrive duplicated and out of order. Providers promise
/// neither once nor in order; the fault test holds the merchant to that.
public struct NotifyChaos: Sendable {
    public var maxMs = 0

    public init(maxMs: Int = 0) { self.maxMs = maxMs }

    /// `send`: the provider's usual delivery (with its resend schedule); `duplicate`: one more copy.
    func deliver(_ send: @escaping @Sendable () async -> Void, duplicate: @escaping @Sendable () async -> Void) {
        guard maxMs > 0 else { Task { await send() }; return }
        let max = maxMs
        Task { try? await Task.sleep(for: .milliseconds(Int.random(in: 0...max))); await send() }
        Task { try? await Task.sleep(for: .milliseconds(Int.random(in: 0...max))); await duplicate() }
    }
}
