import Bus
import Payments
import Schema

/// notifications.email.send over the bus, as the service `payments`. No resend on a timeout: the
/// relay may have taken the message, and a member who sees an error can send again.
struct BusMail: MailPort {
    let client: BusClient

    func send(_ request: EmailSendRequest) async throws(ErrorBody) -> EmailSent {
        try await client.call(NotificationsAPI.emailSend.type, request, as: EmailSent.self, actor: .service("payments"),
                              timeout: .seconds(40), retries: 0)
    }
}
