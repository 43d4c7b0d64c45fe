import Foundation
import GRDB
import Schema

/// Builds what callers see of a transfer. ID numbers and phones are masked except for the inbound
/// applicant looking at their own (with the access code).
enum Views {
    static func view(_ db: Database, _ t: TransferRecord, masked: Bool = true) throws -> TransferView {
        let (letter, voided) = try LetterStore.letters(db, t.id)
        var applicant = t.applicant
        if masked, var a = applicant {
            a.idNumber = PersonalData.maskID(a.idNumber)
            a.phone = PersonalData.maskPhone(a.phone)
            applicant = a
        }
        func mask(_ l: IntroductionLetter) -> IntroductionLetter {
            var l = l
            l.idNumber = PersonalData.maskID(l.idNumber)
            return l
        }
        return TransferView(
            transferId: t.id, kind: t.kind, status: t.status, memberId: t.memberId, memberName: t.memberName,
            fromOrgCode: t.fromOrgCode, fromOrgName: t.fromOrgName, toOrgCode: t.toOrgCode, toOrgName: t.toOrgName,
            toUnit: t.toUnit, toOrgTitle: t.toOrgTitle, reason: t.reason, openedBy: t.openedBy,
            steps: try TransferRecord.steps(db, t.id), currentStep: t.currentStep, history: try TransferRecord.history(db, t.id),
            letter: letter.map(mask), voidedLetters: voided.map(mask), receipt: try ReceiptStore.receipt(db, t.id),
            applicant: applicant, createdAt: t.createdAt, updatedAt: t.updatedAt, completedAt: t.completedAt)
    }
}
