import Schema

extension Standards {
    /// `dues.standards.preview`: what standards would come to, by the rule saving applies, nothing saved
    /// (标准录入 shows the amount while a base is typed). Errors name the item's field as saving does.
    public static func preview(_ request: PreviewStandardsRequest, settings: DuesSettings) throws(ErrorBody) -> PreviewStandardsReply {
        guard request.items.count <= 500 else {
            throw ErrorBody.make(ErrorCode.schemaInvalid, details: ["field": "body.items", "reason": "too_many"])
        }
        var items: [StandardPreview] = []
        for (index, item) in request.items.enumerated() {
            let computed = try Brackets.compute(item, settings: settings, field: "body.items.\(index)")
            items.append(StandardPreview(memberId: item.memberId, kind: item.kind, baseFen: computed.baseFen,
                                         rateBasisPoints: computed.rateBasisPoints, amountFen: computed.amountFen,
                                         needsApproval: computed.needsApproval))
        }
        return PreviewStandardsReply(items: items)
    }
}
