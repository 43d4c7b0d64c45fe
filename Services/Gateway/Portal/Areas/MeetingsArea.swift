import GatewayApp
import Hummingbird
import Schema

/// 组织生活 (issue 14): members' 我的会议, 签到, 我的组织生活, 我的三务公开 and 我的党员关爱; administrators'
/// 会议管理, 发布会议, 签到二维码, 会后补录, 开展情况, 工作台账, 三务公开 and 党员关爱.
struct MeetingsArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        // Photos are larger than the default body limit: these pages take the API's limits for them.
        portal.gateway.allowBody(MeetingAdminRoutes.photoLimit, method: "POST", path: "/admin/meetings/{id}/photos")
        portal.gateway.allowBody(AffairsCareRoutes.affairsLimit, method: "POST", path: "/admin/affairs")
        MyMeetingRoutes(portal: portal).add(to: group)
        MeetingReportRoutes(portal: portal).add(to: group)
        MeetingAdminRoutes(portal: portal).add(to: group)
        AffairsCareRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "mt_facts": MeetingTemplates.facts, "mt_record": MeetingTemplates.record, "mt_results": MeetingTemplates.results,
        "mt_topic_head": MeetingTemplates.topicHead, "mt_comments": MeetingTemplates.comments,
        "mt_mine": MeetingTemplates.mine, "mt_member": MeetingTemplates.member, "mt_checkin": MeetingTemplates.checkIn,
        "mt_affairs_mine": MeetingTemplates.affairsMine, "mt_post": MeetingTemplates.post, "mt_care_mine": MeetingTemplates.careMine,
        "mt_list": MeetingAdminTemplates.list, "mt_publish": MeetingAdminTemplates.publish, "mt_admin": MeetingAdminTemplates.meeting,
        "mt_code": MeetingAdminTemplates.code, "mt_compliance": MeetingAdminTemplates.compliance, "mt_ledger": MeetingAdminTemplates.ledger,
        "mt_affairs_admin": MeetingAdminTemplates.affairs, "mt_care_admin": MeetingAdminTemplates.care,
    ]

    static let css = #"""
    .tabs { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0 0 1rem; border-bottom: 1px solid var(--line); padding-bottom: .5rem; }
    .tabs a.current { font-weight: bold; color: var(--red); }
    .mt-items { list-style: none; padding: 0; margin: 0; }
    .mt-item { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; margin: 0 0 .75rem; overflow-wrap: anywhere; }
    .mt-kind-tag { display: inline-block; font-size: .8rem; padding: 0 .4rem; border-radius: 4px; background: #fde8e8; color: var(--red); }
    .mt-state { margin-left: auto; font-weight: bold; }
    .mt-acts { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .75rem 0; }
    .mt-leave, .mt-attend, .mt-vote, .mt-comment, .mt-manual, .mt-add-topic, .mt-photo-form, .mt-remind { margin: .75rem 0; }
    .mt-leave { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
    .mt-leave .field { flex: 1; min-width: 12rem; margin: 0; }
    .mt-topic-item { border-top: 1px solid var(--line); padding: .75rem 0; overflow-wrap: anywhere; }
    .mt-choice { display: inline-block; margin: .25rem 1rem .25rem 0; }
    .mt-result { padding: .5rem .75rem; border-radius: 6px; background: #f4f4f4; }
    .mt-result.mt-passed { background: #eef8ee; }
    .mt-comments { list-style: none; padding: 0; }
    .mt-comments li { padding: .4rem 0; border-bottom: 1px dashed var(--line); overflow-wrap: anywhere; }
    .mt-photos { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
    .mt-photos img { width: 8rem; height: 8rem; object-fit: cover; border-radius: 6px; border: 1px solid var(--line); }
    .pre { white-space: pre-wrap; overflow-wrap: anywhere; }
    .mt-quorum { color: var(--red); }
    .mt-quorum.mt-quorate { color: var(--ok); }
    .mt-invitees { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1rem; min-width: 0; }
    .mt-invitees.has-error { border-color: var(--red); }
    .mt-member-list { list-style: none; padding: 0; margin: .5rem 0 0; columns: 14rem; }
    .mt-member-list li { padding: .2rem 0; break-inside: avoid; }
    .mt-code { text-align: center; }
    .mt-qr { width: 20rem; max-width: 100%; height: auto; image-rendering: pixelated; }
    .mt-code-url { overflow-wrap: anywhere; font-size: .75rem; }
    .big { font-size: 1.3rem; }
    .button.big { font-size: 1.2rem; padding: .9rem 2rem; width: 100%; }
    .care-status.care-pending, .care-status.care-approved { color: var(--red); }
    .care-status.care-handled { color: var(--ok); }
    .mt-care-item { border-top: 1px solid var(--line); padding: .5rem 0; overflow-wrap: anywhere; }
    @media print { .side-menu, .topbar, .no-print { display: none !important; } .mt-code { border: none; } }
    """#
}
