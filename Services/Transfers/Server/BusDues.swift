import Bus
import Schema
import Transfers

/// Dues over the bus, as the service `transfers`: 党费交到 for the letter.
struct BusDues: DuesPort {
    let client: BusClient
    static let actor = Actor.service("transfers")

    func paidThrough(memberId: String) async throws(ErrorBody) -> String? {
        try await client.call(DuesAPI.memberPaidThrough.type, PaidThroughQuery(memberId: memberId), as: PaidThrough.self,
                              actor: Self.actor).month
    }
}
