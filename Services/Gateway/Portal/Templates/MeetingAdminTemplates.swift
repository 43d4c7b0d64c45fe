/// 组织生活 pages of the administrators (seed 003): 会议管理, 发布会议, a meeting, its code to print,
/// 开展情况, 工作台账, 三务公开 and 党员关爱.
enum MeetingAdminTemplates {
    static let list = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>会议管理</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="get" action="/admin/meetings" class="dm-filters mt-filters">
      <div class="field"><label for="mq-kind">会议类型</label><select id="mq-kind" name="kind">{{#kindOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/kindOptions}}</select></div>
      <div class="field"><label for="mq-year">年度</label><input id="mq-year" name="year" inputmode="numeric" value="{{year}}" placeholder="全部"></div>
      <button type="submit" class="button">查询</button>
      <a class="button primary" href="/admin/meetings/new">发布会议</a>
    </form>
    <section class="card">
    <div class="table-wrap">
    <table class="mt-table">
      <thead><tr><th scope="col">时间</th><th scope="col">会议</th><th scope="col">类型</th><th scope="col">党组织</th><th scope="col">形式</th><th scope="col">应到</th><th scope="col">报名</th><th scope="col">请假</th><th scope="col">未确认</th><th scope="col">签到</th></tr></thead>
      <tbody>
      {{#items}}<tr><td>{{startsAt}}</td><td><a href="{{href}}">{{name}}</a></td><td>{{kindName}}</td><td>{{orgName}}</td><td>{{mode}}</td><td>{{invited}}</td><td>{{registered}}</td><td>{{onLeave}}</td><td>{{unconfirmed}}</td><td>{{checkedIn}}</td></tr>{{/items}}
      </tbody>
    </table>
    </div>
    {{#empty}}<p class="hint">没有符合条件的会议。</p>{{/empty}}
    <p class="pager"><span class="hint">共 {{total}} 条</span>{{#prev}}<a href="{{prev}}">上一页</a>{{/prev}}{{#next}}<a href="{{next}}">下一页</a>{{/next}}</p>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let publish = #"""
    {{<admin_layout}}
    {{$content}}
    <p class="crumbs"><a href="/admin/meetings">会议管理</a> › 发布会议</p>
    <h1>发布会议</h1>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="post" action="/admin/meetings/new" novalidate class="card mt-publish">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      {{#fields}}{{>oa_field}}{{/fields}}
      <fieldset class="mt-invitees{{#inviteeError}} has-error{{/inviteeError}}"><legend>参会党员</legend>
        <p class="hint">发布后通过微信模板消息（未绑定微信的发送短信）和站内信通知参会党员。</p>
        <div class="field check"><input type="checkbox" id="mp-inviteAll" name="inviteAll" value="1"{{#inviteAll}} checked{{/inviteAll}}> <label for="mp-inviteAll">本组织及下级全体党员（如党委全体党员参加的党课，勾选后忽略下面的名单）</label></div>
        {{#hasMembers}}
        <ul class="mt-member-list">
          {{#members}}<li><input type="checkbox" id="{{id}}" name="inviteeIds" value="{{memberId}}"{{#checked}} checked{{/checked}}> <label for="{{id}}">{{name}} <span class="hint">{{memberType}} · {{orgName}}</span></label></li>{{/members}}
        </ul>
        {{/hasMembers}}
        {{^hasMembers}}<p class="hint">本组织没有直属党员，请勾选“全体党员”。</p>{{/hasMembers}}
        {{#inviteeError}}<p class="field-error" role="alert">{{inviteeError}}</p>{{/inviteeError}}
      </fieldset>
      <button type="submit" class="button primary mt-submit">发布并通知</button>
      <a class="button" href="/admin/meetings">返回</a>
    </form>
    {{/content}}
    {{/admin_layout}}
    """#

    /// A meeting as its organization manages it; the levels above see it without the acts.
    static let meeting = #"""
    {{<admin_layout}}
    {{$content}}
    <p class="crumbs"><a href="/admin/meetings">会议管理</a> › 会议详情</p>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#pageError}}<p class="form-error page-error">操作未完成：{{pageError}}</p>{{/pageError}}
    {{#m}}
    <h1>{{name}}</h1>
    <section class="card">
      {{>mt_facts}}
      <p class="mt-counts">应到 <strong class="mt-invited">{{counts.invited}}</strong> 人 · 报名 <strong class="mt-registered">{{counts.registered}}</strong> · 请假 <strong class="mt-on-leave">{{counts.onLeave}}</strong> · 未确认 <strong class="mt-unconfirmed">{{counts.unconfirmed}}</strong> · 已签到 <strong class="mt-checked-in">{{counts.checkedIn}}</strong></p>
      {{#quorum}}<p class="mt-quorum{{#quorate}} mt-quorate{{/quorate}}">党员大会：有表决权的党员 {{entitled}} 人，已到会 <strong class="mt-present">{{presentEntitled}}</strong> 人（须超过半数，至少 {{needed}} 人）{{#hasProbationary}}，另有预备党员 {{presentProbationary}} 人列席{{/hasProbationary}}。<strong>{{#quorate}}已达到法定人数，可以表决{{/quorate}}{{^quorate}}未达到法定人数，不能表决{{/quorate}}</strong></p>{{/quorum}}
      <div class="mt-acts">
        {{#canShowCode}}<a class="button primary mt-code-link" href="{{base}}/code">签到二维码</a>{{/canShowCode}}
      </div>
    </section>
    {{#manages}}
    {{#hasUnconfirmed}}
    <section class="card mt-unconfirmed-card">
      <h2>未确认人员</h2>
      {{#remindError}}<p class="form-error" role="alert">{{remindError}}</p>{{/remindError}}
      <p class="mt-unconfirmed-names">{{#unconfirmedList}}<span>{{name}}</span> {{/unconfirmedList}}</p>
      {{#upcoming}}<form method="post" action="{{base}}/remind" class="inline mt-remind"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button">提醒未确认人员</button></form>{{/upcoming}}
    </section>
    {{/hasUnconfirmed}}
    {{/manages}}
    <section class="card">
      <h2>参会情况</h2>
      <div class="table-wrap">
      <table class="mt-attendees">
        <thead><tr><th scope="col">姓名</th><th scope="col">党员类型</th><th scope="col">回复</th><th scope="col">签到</th></tr></thead>
        <tbody>{{#attendees}}<tr><td>{{name}}</td><td>{{memberType}}</td><td>{{answer}}{{#leaveReason}}（{{leaveReason}}）{{/leaveReason}}</td><td>{{#checkedIn}}{{method}} {{checkedInAt}}{{/checkedIn}}{{^checkedIn}}未签到{{/checkedIn}}</td></tr>{{/attendees}}</tbody>
      </table>
      </div>
      {{#manages}}{{#hasNotCheckedIn}}
      <form method="post" action="{{base}}/checkin" class="mt-manual">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <fieldset><legend>手动签到（不使用微信的党员）</legend>
          {{#notCheckedIn}}<span class="mt-choice"><input type="checkbox" id="mc-{{memberId}}" name="memberIds" value="{{memberId}}"> <label for="mc-{{memberId}}">{{name}}</label></span>{{/notCheckedIn}}
        </fieldset>
        {{#checkinError}}<p class="form-error" role="alert">{{checkinError}}</p>{{/checkinError}}
        <button type="submit" class="button">签到</button>
      </form>
      {{/hasNotCheckedIn}}{{/manages}}
    </section>
    {{#online}}
    <section class="card mt-topics">
      <h2>议题</h2>
      {{#topics}}
      <article class="mt-topic-item" id="topic-{{topicId}}">
        {{>mt_topic_head}}
        {{>mt_comments}}
        {{#manages}}{{#open}}<form method="post" action="{{base}}/topics/{{topicId}}/close" class="inline mt-close"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button">结束表决并公布结果</button></form>{{/open}}{{/manages}}
      </article>
      {{/topics}}
      {{#manages}}
      <form method="post" action="{{base}}/topics" class="mt-add-topic">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#topicError}}<p class="form-error" role="alert">{{topicError}}</p>{{/topicError}}
        <div class="field"><label for="tp-title">议题</label><input id="tp-title" name="title" autocomplete="off"></div>
        <div class="field"><label for="tp-description">说明</label><textarea id="tp-description" name="description" rows="3"></textarea></div>
        <button type="submit" class="button">添加议题</button>
      </form>
      {{/manages}}
    </section>
    {{/online}}
    {{#manages}}{{#begun}}
    <section class="card mt-record-form">
      <h2>会后补录</h2>
      <form method="post" action="{{base}}/record">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#recordError}}<p class="form-error" role="alert">{{recordError}}</p>{{/recordError}}
        <div class="field"><label for="rc-minutes">会议纪要</label><textarea id="rc-minutes" name="minutes" rows="6">{{minutes}}</textarea></div>
        <div class="field"><label for="rc-decisions">会议决议</label><textarea id="rc-decisions" name="decisions" rows="3">{{decisions}}</textarea></div>
        <button type="submit" class="button primary">保存记录</button>
      </form>
      <form method="post" action="{{base}}/photos" enctype="multipart/form-data" class="mt-photo-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#photoError}}<p class="form-error" role="alert">{{photoError}}</p>{{/photoError}}
        <div class="field"><label for="rc-photo">会议照片或会议记录照片（JPG、PNG，不超过 4 MB）</label><input id="rc-photo" name="photo" type="file" accept="image/jpeg,image/png"></div>
        <button type="submit" class="button">上传照片</button>
      </form>
    </section>
    {{/begun}}{{/manages}}
    {{>mt_record}}
    {{/m}}
    {{/content}}
    {{/admin_layout}}
    """#

    /// The code to print: big, with the meeting's name and when it works.
    static let code = #"""
    {{<admin_layout}}
    {{$content}}
    <p class="crumbs no-print"><a href="{{back}}">返回会议详情</a></p>
    {{#m}}
    <section class="card mt-code">
      <h1>{{name}}</h1>
      <p>{{orgName}} · {{startsAt}} · {{#place}}{{place}}{{/place}}</p>
      <img class="mt-qr" src="{{png}}" alt="签到二维码" width="320" height="320">
      <p class="big">请用微信扫一扫签到</p>
      <p class="hint">签到时间：{{validFrom}} 至 {{expiresAt}}；过期后二维码失效。</p>
      <p class="hint mt-code-url">{{url}}</p>
    </section>
    {{/m}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let compliance = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>组织生活开展情况</h1>
    <form method="get" action="/admin/meetings/compliance" class="dm-filters">
      <div class="field"><label for="cq-year">年度</label><input id="cq-year" name="year" inputmode="numeric" value="{{year}}"></div>
      <div class="field"><label for="cq-org">党组织代码（默认本组织）</label><input id="cq-org" name="org" value="{{org}}" autocomplete="off"></div>
      <button type="submit" class="button">查询</button>
    </form>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    {{#report}}
    <section class="card">
      <p>{{orgName}} {{year}} 年已开展组织生活 <strong class="mt-held">{{meetingsHeld}}</strong> 次（有签到或会后补录的会议）。</p>
      <p class="hint">按《中国共产党支部工作条例（试行）》的要求统计下级党支部：已过去的每个周期都开展过该类会议的为“按要求开展”。</p>
      <div class="table-wrap">
      <table class="mt-compliance">
        <thead><tr><th scope="col">会议类型</th><th scope="col">要求</th><th scope="col">应开展周期</th><th scope="col">党支部数</th><th scope="col">按要求开展</th><th scope="col">开展率</th><th scope="col">未按要求开展</th></tr></thead>
        <tbody>{{#kinds}}<tr><td>{{kindName}}</td><td>{{rhythm}}</td><td>{{periodsDue}}</td><td>{{branches}}</td><td>{{compliant}}</td><td>{{rate}}</td><td>{{behindTotal}}</td></tr>{{/kinds}}</tbody>
      </table>
      </div>
    </section>
    {{#kinds}}{{#hasBehind}}
    <details class="card mt-behind"><summary>{{kindName}}：未按要求开展的党支部（{{behindTotal}}）</summary>
      <ul>{{#behind}}<li>{{orgName}} <span class="hint">已开展 {{held}} / 应开展 {{due}} 个周期</span></li>{{/behind}}</ul>
      {{#more}}<p class="hint">仅列出前 50 个。</p>{{/more}}
    </details>
    {{/hasBehind}}{{/kinds}}
    {{/report}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let ledger = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>工作台账</h1>
    <section class="card">
      <p class="hint">按年度导出组织生活电子台账：每次会议的时间、地点、主题、应到与实到人数、会议纪要和决议。</p>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="get" action="/admin/meetings/ledger/download" class="mt-ledger">
        <div class="field"><label for="lg-year">年度</label><input id="lg-year" name="year" inputmode="numeric" value="{{year}}"></div>
        <div class="field"><label for="lg-org">党组织代码（默认本组织）</label><input id="lg-org" name="org" value="{{org}}" autocomplete="off"></div>
        <button type="submit" name="format" value="pdf" class="button primary">导出 PDF</button>
        <button type="submit" name="format" value="xlsx" class="button">导出 Excel</button>
      </form>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let affairs = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>三务公开</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      <h2>发布</h2>
      <p class="hint">村、社区党组织公开党务、村（居）务、财务，本村（社区）党员在“我的三务公开”中查看。可附 3 张图片。</p>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/admin/affairs" enctype="multipart/form-data" class="mt-affairs-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>oa_field}}{{/fields}}
        <div class="field"><label for="af-photo1">图片（JPG、PNG）</label><input id="af-photo1" name="photo1" type="file" accept="image/jpeg,image/png"><input name="photo2" type="file" accept="image/jpeg,image/png" aria-label="图片 2"><input name="photo3" type="file" accept="image/jpeg,image/png" aria-label="图片 3"></div>
        {{#photoError}}<p class="field-error" role="alert">{{photoError}}</p>{{/photoError}}
        <button type="submit" class="button primary">发布</button>
      </form>
    </section>
    {{#listError}}<p class="hint">{{listError}}</p>{{/listError}}
    {{#posts}}{{>mt_post}}{{/posts}}
    {{#empty}}<p class="hint">还没有三务公开。</p>{{/empty}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let care = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>党员关爱</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#pageError}}<p class="form-error page-error">操作未完成：{{pageError}}</p>{{/pageError}}
    {{#hasWaiting}}
    <section class="card mt-care-waiting">
      <h2>待审批、待办理</h2>
      {{#waiting}}
      <article class="mt-care-item">
        <p><strong>{{memberName}}</strong> · {{kind}} · {{orgName}} 申请 · {{createdAt}} <span class="care-status {{statusClass}}">{{status}}</span></p>
        <p>{{reason}}</p>
        {{#pending}}
        <form method="post" action="/admin/care/requests/{{requestId}}/decide" class="mt-care-decide">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div class="field"><label for="cd-{{requestId}}">审批意见</label><input id="cd-{{requestId}}" name="comment" autocomplete="off"></div>
          <button type="submit" name="approve" value="1" class="button primary">批准</button>
          <button type="submit" name="approve" value="0" class="button">不批准</button>
        </form>
        {{/pending}}
        {{#approved}}
        <form method="post" action="/admin/care/requests/{{requestId}}/handle" class="mt-care-handle">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div class="field"><label for="ch-{{requestId}}">办理结果</label><input id="ch-{{requestId}}" name="handling" autocomplete="off" placeholder="如：慰问金 500 元已发放"></div>
          <button type="submit" class="button primary">登记办理结果</button>
        </form>
        {{/approved}}
      </article>
      {{/waiting}}
    </section>
    {{/hasWaiting}}
    {{#hasMembers}}
    <section class="card">
      <h2>登记关爱活动</h2>
      {{#recordError}}<p class="form-error" role="alert">{{recordError}}</p>{{/recordError}}
      <form method="post" action="/admin/care/records" class="mt-care-record-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="cr-member">党员</label><select id="cr-member" name="memberId">{{#members}}<option value="{{value}}">{{label}}</option>{{/members}}</select></div>
        <div class="field"><label for="cr-kind">类别</label><select id="cr-kind" name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select></div>
        <div class="field"><label for="cr-date">日期</label><input id="cr-date" name="date" type="date" value="{{today}}"></div>
        <div class="field"><label for="cr-content">活动内容</label><textarea id="cr-content" name="content" rows="3"></textarea></div>
        <button type="submit" class="button primary">登记</button>
      </form>
    </section>
    <section class="card">
      <h2>申请关爱（由上级党组织审批办理）</h2>
      {{#fileError}}<p class="form-error" role="alert">{{fileError}}</p>{{/fileError}}
      <form method="post" action="/admin/care/requests" class="mt-care-file-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="cf-member">党员</label><select id="cf-member" name="memberId">{{#members}}<option value="{{value}}">{{label}}</option>{{/members}}</select></div>
        <div class="field"><label for="cf-kind">类别</label><select id="cf-kind" name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select></div>
        <div class="field"><label for="cf-reason">申请事由</label><textarea id="cf-reason" name="reason" rows="3"></textarea></div>
        <button type="submit" class="button">提交申请</button>
      </form>
    </section>
    {{/hasMembers}}
    <section class="card">
      <h2>关爱申请</h2>
      {{#hasRequests}}
      <div class="table-wrap"><table class="mt-care-requests"><thead><tr><th scope="col">党员</th><th scope="col">类别</th><th scope="col">申请党组织</th><th scope="col">状态</th><th scope="col">办理结果</th><th scope="col">申请时间</th></tr></thead>
      <tbody>{{#requests}}<tr><td>{{memberName}}</td><td>{{kind}}</td><td>{{orgName}}</td><td class="{{statusClass}}">{{status}}</td><td>{{#handling}}{{handling}}{{/handling}}{{#comment}}<br><span class="hint">{{comment}}</span>{{/comment}}</td><td>{{createdAt}}</td></tr>{{/requests}}</tbody></table></div>
      {{/hasRequests}}
      {{^hasRequests}}<p class="hint">暂无关爱申请。</p>{{/hasRequests}}
    </section>
    <section class="card">
      <h2>关爱活动记录</h2>
      {{#hasRecords}}
      <div class="table-wrap"><table class="mt-care-records"><thead><tr><th scope="col">日期</th><th scope="col">党员</th><th scope="col">类别</th><th scope="col">内容</th><th scope="col">党组织</th></tr></thead>
      <tbody>{{#records}}<tr><td>{{date}}</td><td>{{memberName}}</td><td>{{kind}}</td><td>{{content}}</td><td>{{orgName}}</td></tr>{{/records}}</tbody></table></div>
      {{/hasRecords}}
      {{^hasRecords}}<p class="hint">暂无关爱活动记录。</p>{{/hasRecords}}
    </section>
    {{/content}}
    {{/admin_layout}}
    """#
}
