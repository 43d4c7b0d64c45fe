import Foundation
import GRDB
import Notifications
import Schema
import Store
import XCTest

/// A notice's SMS go several numbers to a SendSms request; everything that names one message
/// (reports, crash recovery, refusals) still settles each job on its own.
final class BatchSendTests: XCTestCase {
    private func fixture(members: Int, perRequest: Int = 500) async throws -> (NotificationsFixture, Dispatcher, ScriptedSMS) {
        let f = try NotificationsFixture()
        f.settings.smsNumbersPerRequest = perRequest
        try f.org("001", parent: nil)
        var phones: [String: String] = [:]
        for i in 0..<members {
            try f.member("m\(i)", org: "001")
            try f.message(to: "m\(i)", key: TemplateCatalog.notice, source: "notice:n1")
            phones["m\(i)"] = String(format: "1380000%04d", i)
        }
        let sms = ScriptedSMS()
        let dispatcher = Dispatcher(channel: .sms, store: f.store, sms: sms, contacts: ScriptedDirectory(phones: phones),
                                    sender: "t", settings: f.settings)
        try await dispatcher.resolveContacts()
        return (f, dispatcher, sms)
    }

    func testSameMessageToManyMembersGoesInRequestsOfAtMostTheSetNumberOfPhones() async throws {
        let (f, dispatcher, sms) = try await fixture(members: 5, perRequest: 2)
        try await dispatcher.sendDue()
        XCTAssertEqual(sms.requests.withLock { $0.map(\.count) }.sorted(), [1, 2, 2], "requests run concurrently: their order varies")
        let jobs = try f.jobs()
        XCTAssertEqual(Set(jobs.map(\.state)), [.sent])
        // Each request's jobs share its OutId (stored before sending); a request of one uses the job id.
        let outIds = sms.sent.withLock { $0.map(\.outId) }
        XCTAssertEqual(Set(outIds).count, 3)
        for job in jobs {
            let sentAs = sms.sent.withLock { $0.first { $0.phone == job.recipient }!.outId }
            XCTAssertEqual(job.providerOutId, sentAs)
            XCTAssertEqual(job.providerMessageId, "biz-\(sentAs)")
        }
        XCTAssertNil(jobs.first { job in outIds.filter { $0 == job.providerOutId }.count == 1 }?.outId)
    }

    func testReportsForASharedRequestSettleEachPhoneSeparately() async throws {
        let (f, dispatcher, sms) = try await fixture(members: 3)
        try await dispatcher.sendDue()
        XCTAssertEqual(sms.requests.withLock { $0.count }, 1)
        let jobs = try f.jobs()
        let outId = try XCTUnwrap(jobs[0].outId)
        let matched = try f.store.writeSync { db in
            try Reports.applySms(db, [
                SmsReport(success: true, biz_id: "biz-\(outId)", out_id: outId, phone_number: jobs[0].recipient),
                SmsReport(success: false, err_code: "MOBILE_NOT_ON_SERVICE", biz_id: "biz-\(outId)", out_id: outId,
                          phone_number: jobs[1].recipient),
            ], now: Date())
        }
        XCTAssertEqual(matched, 2)
        let after = Dictionary(uniqueKeysWithValues: try f.jobs().map { ($0.id, $0) })
        XCTAssertEqual(after[jobs[0].id]?.state, .delivered)
        XCTAssertEqual(after[jobs[1].id]?.state, .failed)
        XCTAssertEqual(after[jobs[2].id]?.state, .sent, "no report for the third phone yet")
    }

    func testARequestRefusedForOneBadNumberIsSentAgainNumberByNumber() async throws {
        let (f, dispatcher, sms) = try await fixture(members: 3)
        sms.answers.withLock { $0 = [.permanent("isv.MOBILE_NUMBER_ILLEGAL"), .accepted(messageId: "a"),
                                     .permanent("isv.MOBILE_NUMBER_ILLEGAL"), .accepted(messageId: "c")] }
        try await dispatcher.sendDue()
        XCTAssertEqual(sms.requests.withLock { $0.map(\.count) }, [3, 1, 1, 1])
        let states = try f.jobs().map(\.state)
        XCTAssertEqual(states.filter { $0 == .sent }.count, 2)
        XCTAssertEqual(states.filter { $0 == .failed }.count, 1, "only the bad number fails")
    }

    func testAnOrphanFromASharedRequestIsLookedUpByThatRequestsOutId() async throws {
        let (f, dispatcher, sms) = try await fixture(members: 2)
        sms.answers.withLock { $0 = [.unknown("network")] }
        try await dispatcher.sendDue()
        let jobs = try f.jobs()
        XCTAssertEqual(Set(jobs.map(\.state)), [.sending], "fate unknown: nothing resent blindly")
        let outId = try XCTUnwrap(jobs[0].outId)
        XCTAssertEqual(jobs[1].outId, outId)
        sms.received.withLock { $0 = [outId] }
        let settled = try await dispatcher.recoverOrphans(now: Date().addingTimeInterval(3600))
        XCTAssertEqual(settled, 2)
        XCTAssertEqual(Set(try f.jobs().map(\.state)), [.sent], "the provider had them: not sent again")
        XCTAssertEqual(sms.requests.withLock { $0.count }, 1)
    }

    func testVerificationCodesAreNeverShared() async throws {
        let f = try NotificationsFixture()
        let sms = ScriptedSMS()
        try f.store.writeSync { db in
            for i in 0..<3 {
                try DeliveryQueue.enqueue(db, dedupKey: "code-\(i)", channel: "sms", recipient: String(format: "1390000%04d", i),
                                          templateCode: "SMS_CODE", params: ["code": "123456"], now: Date())
            }
        }
        try await Dispatcher(channel: .sms, store: f.store, sms: sms, sender: "t", settings: f.settings).sendDue()
        XCTAssertEqual(sms.requests.withLock { $0.map(\.count) }, [1, 1, 1])
    }
}
