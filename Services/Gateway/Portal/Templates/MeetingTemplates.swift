/// 组织生活 pages of members (我的会议, a meeting, 签到, 我的组织生活, 我的三务公开, 我的党员关爱) and the
/// parts every meeting page shares.
enum MeetingTemplates {
    /// A meeting's facts.
    static let facts = #"""
    <dl class="facts mt-facts">
      <dt>会议类型</dt><dd class="mt-kind">{{kindName}}</dd>
      <dt>会议名称</dt><dd class="mt-name">{{name}}</dd>
      <dt>党组织</dt><dd>{{orgName}}</dd>
      <dt>时间</dt><dd class="mt-time">{{startsAt}} 至 {{endsAt}}</dd>
      <dt>形式</dt><dd>{{mode}}</dd>
      {{#place}}<dt>地点</dt><dd>{{place}}</dd>{{/place}}
      <dt>主题</dt><dd class="mt-topic">{{topic}}</dd>
      <dt>发布</dt><dd>{{publishedBy}} · {{publishedAt}}</dd>
    </dl>
    """#

    /// 会后补录: minutes, decisions and photos, as everyone who may see the meeting sees them.
    static let record = #"""
    {{#record}}
    <section class="card mt-record">
      <h2>会议记录</h2>
      {{#minutes}}<h3>会议纪要</h3><p class="mt-minutes pre">{{minutes}}</p>{{/minutes}}
      {{#decisions}}<h3>会议决议</h3><p class="mt-decisions pre">{{decisions}}</p>{{/decisions}}
      {{#recordedBy}}<p class="hint">{{recordedBy}}{{#recordedAt}} · {{recordedAt}}{{/recordedAt}} 补录</p>{{/recordedBy}}
    </section>
    {{/record}}
    {{#hasPhotos}}
    <section class="card">
      <h2>会议照片</h2>
      <ul class="mt-photos">{{#photos}}<li><a href="{{base}}/photos/{{sha256}}"><img src="{{base}}/photos/{{sha256}}" alt="{{fileName}}" loading="lazy"></a></li>{{/photos}}</ul>
    </section>
    {{/hasPhotos}}
    """#

    /// A topic as everyone sees it: its title, how many voted (never who, nor how), the result once closed.
    static let topicHead = #"""
    <h3>{{title}}</h3>
    {{#description}}<p class="pre">{{description}}</p>{{/description}}
    <p class="hint">已投票 <span class="mt-voted">{{voted}}</span> 人 · 不记名投票{{#open}} · 表决中{{/open}}{{^open}} · 已结束{{/open}}</p>
    {{>mt_results}}
    """#

    /// A topic's comments, signed.
    static let comments = #"""
    {{#hasComments}}<ul class="mt-comments">{{#comments}}<li><strong>{{name}}</strong> <span class="hint">{{at}}</span><br>{{text}}</li>{{/comments}}</ul>{{/hasComments}}
    """#

    /// A topic's results once its vote has closed.
    static let results = #"""
    {{#results}}
    <p class="mt-result{{#passed}} mt-passed{{/passed}}">表决结果：<strong class="mt-outcome">{{outcome}}</strong>（同意 <span class="mt-agree">{{agree}}</span>，不同意 <span class="mt-disagree">{{disagree}}</span>，弃权 <span class="mt-abstain">{{abstain}}</span>；应参加表决 {{entitled}} 人）</p>
    {{/results}}
    """#

    static let mine = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me">个人中心</a> › {{title}}</p>
    <h1>{{title}}</h1>
    <nav class="tabs" aria-label="组织生活">
      <a href="/me/meetings"{{^branch}} aria-current="page" class="current"{{/branch}}>我的会议</a>
      <a href="/me/meetings/branch"{{#branch}} aria-current="page" class="current"{{/branch}}>我的组织生活</a>
      <a href="/me/affairs">我的三务公开</a><a href="/me/care">我的党员关爱</a>
    </nav>
    {{#branch}}<p class="hint">所在党支部已开展的组织生活（三会一课、主题党日等）。</p>{{/branch}}
    <ul class="mt-items">
      {{#items}}<li class="card mt-item"><a href="{{href}}"><span class="mt-kind-tag">{{kindName}}</span> <strong>{{name}}</strong></a>
        <span class="hint">{{startsAt}} · {{mode}}{{#branch}} · 签到 {{checkedIn}}/{{invited}}{{/branch}}</span>
        {{#myState}}<span class="mt-state">{{myState}}</span>{{/myState}}</li>{{/items}}
    </ul>
    {{#empty}}<p class="hint">{{#branch}}所在党支部还没有组织生活记录。{{/branch}}{{^branch}}暂无会议通知。{{/branch}}</p>{{/empty}}
    <p class="pager"><span class="hint">共 {{total}} 条</span>{{#prev}}<a href="{{prev}}">上一页</a>{{/prev}}{{#next}}<a href="{{next}}">下一页</a>{{/next}}</p>
    {{/content}}
    {{/member_layout}}
    """#

    /// A meeting for an invited member: 报名 / 请假 before it starts, 参加 online, topics with votes and comments.
    static let member = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/meetings">我的会议</a> › 会议详情</p>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    {{#m}}
    <h1>{{name}}</h1>
    <section class="card">
      {{>mt_facts}}
      {{#mine}}
      <p>我的状态：<strong class="mt-my-state">{{state}}</strong>{{#leaveReason}}（请假原因：{{leaveReason}}）{{/leaveReason}}{{#checkedInAt}} · {{method}} {{checkedInAt}}{{/checkedInAt}}</p>
      {{#canReply}}
      <div class="mt-acts">
        {{^registered}}<form method="post" action="{{base}}/reply" class="inline mt-register"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="answer" value="register"><button type="submit" class="button primary">报名参加</button></form>{{/registered}}
      </div>
      {{^onLeave}}
      <form method="post" action="{{base}}/reply" class="mt-leave">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="answer" value="leave">
        <div class="field"><label for="mt-reason">请假原因</label><input id="mt-reason" name="reason" autocomplete="off" placeholder="如：出差在外"></div>
        <button type="submit" class="button">请假</button>
      </form>
      {{/onLeave}}
      {{/canReply}}
      {{#canAttend}}<form method="post" action="{{base}}/attend" class="mt-attend"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button primary">参加（线上签到）</button></form>{{/canAttend}}
      {{/mine}}
    </section>
    {{#hasTopics}}
    <section class="card mt-topics">
      <h2>议题</h2>
      {{#topics}}
      <article class="mt-topic-item" id="topic-{{topicId}}">
        {{>mt_topic_head}}
        {{#canVote}}
        <form method="post" action="{{base}}/topics/{{topicId}}/vote" class="mt-vote">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <fieldset><legend>我的表决（提交后不可更改，不记录投票人）</legend>
            {{#choices}}<span class="mt-choice"><input type="radio" id="{{id}}" name="choice" value="{{value}}"> <label for="{{id}}">{{label}}</label></span>{{/choices}}
          </fieldset>
          <button type="submit" class="button primary">提交表决</button>
        </form>
        {{/canVote}}
        {{#iVoted}}<p class="mt-i-voted">您已投票。</p>{{/iVoted}}
        {{>mt_comments}}
        {{#open}}
        <form method="post" action="{{base}}/topics/{{topicId}}/comment" class="mt-comment">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div class="field"><label for="c-{{topicId}}">发表意见（署名）</label><textarea id="c-{{topicId}}" name="text" rows="3"></textarea></div>
          <button type="submit" class="button">发表</button>
        </form>
        {{/open}}
      </article>
      {{/topics}}
    </section>
    {{/hasTopics}}
    {{>mt_record}}
    {{/m}}
    {{/content}}
    {{/member_layout}}
    """#

    /// The page a scanned code opens.
    static let checkIn = #"""
    {{<member_layout}}
    {{$content}}
    <h1>会议签到</h1>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    {{#m}}
    <section class="card">
      {{>mt_facts}}
      {{#checkedIn}}<p class="notice mt-already">您已签到。</p>{{/checkedIn}}
    </section>
    {{/m}}
    {{^checkedIn}}
    <form method="post" action="{{action}}" class="mt-checkin">
      <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="t" value="{{token}}">
      <button type="submit" class="button primary big">确认签到</button>
    </form>
    {{/checkedIn}}
    {{/content}}
    {{/member_layout}}
    """#

    static let affairsMine = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/meetings">我的会议</a> › 我的三务公开</p>
    <h1>我的三务公开</h1>
    {{#listError}}<p class="hint mt-not-village">{{listError}}</p>{{/listError}}
    {{#posts}}{{>mt_post}}{{/posts}}
    {{#empty}}<p class="hint">所在村（社区）党组织还没有发布三务公开。</p>{{/empty}}
    {{/content}}
    {{/member_layout}}
    """#

    static let post = #"""
    <article class="card mt-post">
      <h2><span class="mt-kind-tag">{{category}}</span> {{title}}</h2>
      <p class="hint">{{orgName}} · {{publishedBy}} · {{publishedAt}}</p>
      <p class="pre">{{content}}</p>
      {{#hasPhotos}}<ul class="mt-photos">{{#photos}}<li><a href="{{src}}"><img src="{{src}}" alt="{{fileName}}" loading="lazy"></a></li>{{/photos}}</ul>{{/hasPhotos}}
    </article>
    """#

    static let careMine = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/meetings">我的会议</a> › 我的党员关爱</p>
    <h1>我的党员关爱</h1>
    {{#requests}}
    <section class="card mt-care-request">
      <h2>{{kind}} <span class="care-status {{statusClass}}">{{status}}</span></h2>
      <dl class="facts"><dt>申请党组织</dt><dd>{{orgName}}</dd><dt>申请事由</dt><dd>{{reason}}</dd><dt>审批办理</dt><dd>{{handlerOrgName}}</dd>
        <dt>申请时间</dt><dd>{{createdAt}}</dd>{{#comment}}<dt>审批意见</dt><dd>{{comment}}</dd>{{/comment}}{{#handling}}<dt>办理结果</dt><dd class="care-handling">{{handling}}</dd>{{/handling}}</dl>
    </section>
    {{/requests}}
    {{#records}}
    <section class="card mt-care-record"><h2>{{kind}}</h2><p>{{content}}</p><p class="hint">{{orgName}} · {{date}}</p></section>
    {{/records}}
    {{#empty}}<p class="hint">暂无关于您的党员关爱事项。</p>{{/empty}}
    {{/content}}
    {{/member_layout}}
    """#
}
