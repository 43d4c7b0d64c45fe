/// The members' own pages: 修改个人信息, 修改密码, 我的支部, 实名核验, 通知公告, 我的消息.
enum MemberTemplates {
    static let profile = #"""
    {{<member_layout}}
    {{$content}}
    <h1>修改个人信息</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      <p class="hint">修改提交后须经支部审核方可生效。{{#reviewed}}灰色项目已经审核锁定，如需更正请联系支部管理员。{{/reviewed}}当前手机号：{{phoneNow}}（如需更换请填写新号码）。</p>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/me/profile" class="mp-form" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}
        <div class="field{{#hasError}} has-error{{/hasError}}{{#locked}} locked{{/locked}}">
          <label for="{{id}}">{{label}}{{#locked}}<span class="lock">（已审核）</span>{{/locked}}</label>
          {{#isSelect}}<select id="{{id}}" name="{{name}}"{{#locked}} disabled{{/locked}}>{{#options}}<option value="{{optionValue}}"{{#selected}} selected{{/selected}}>{{optionLabel}}</option>{{/options}}</select>{{/isSelect}}
          {{^isSelect}}<input id="{{id}}" name="{{name}}" type="{{type}}" value="{{value}}" autocomplete="off"{{#locked}} disabled{{/locked}}{{#hasError}} aria-invalid="true" aria-describedby="{{id}}-error"{{/hasError}}>{{/isSelect}}
          {{#hasError}}<p class="field-error" id="{{id}}-error" role="alert">{{error}}</p>{{/hasError}}
        </div>
        {{/fields}}
        <button type="submit" class="button primary">提交审核</button>
      </form>
    </section>
    <section class="card" aria-labelledby="mp-history">
      <h2 id="mp-history">修改申请记录</h2>
      {{#hasChanges}}
      <ul class="mp-changes">
        {{#changes}}<li class="{{statusClass}}"><span class="mp-status">{{status}}</span> <span class="hint">{{when}}</span><br>{{fields}}{{#reason}}<br><span class="hint">原因：{{reason}}</span>{{/reason}}</li>{{/changes}}
      </ul>
      {{/hasChanges}}
      {{^hasChanges}}<p class="hint">暂无修改申请。</p>{{/hasChanges}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#

    static let password = #"""
    {{<member_layout}}
    {{$content}}
    <h1>修改密码</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/me/password" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>field}}{{/fields}}
        <p class="hint">密码至少 8 位，须包含字母和数字。修改后其他设备上的登录将退出。</p>
        <button type="submit" class="button primary">确认修改</button>
      </form>
    </section>
    {{/content}}
    {{/member_layout}}
    """#

    static let branch = #"""
    {{<member_layout}}
    {{$content}}
    <h1>我的支部</h1>
    <section class="card" aria-labelledby="mb-org">
      <h2 id="mb-org" class="mb-org-name">{{orgName}}</h2>
      <dl class="facts">
        <dt>组织代码</dt><dd>{{orgCode}}</dd>
        <dt>上级组织</dt><dd>{{parentName}}</dd>
        <dt>所属单位</dt><dd>{{unit}}</dd>
        <dt>党员人数</dt><dd>{{memberCount}}</dd>
      </dl>
    </section>
    <section class="card" aria-labelledby="mb-leaders">
      <h2 id="mb-leaders">支部委员会</h2>
      {{#hasLeaders}}
      <ul class="mb-leaders">
        {{#leaders}}<li><span class="mb-post">{{post}}</span> <span class="mb-name">{{name}}</span> {{#phone}}<a class="mb-tel" href="tel:{{phone}}">{{masked}} 拨打</a>{{/phone}}{{^phone}}<span class="hint">{{masked}}</span>{{/phone}}</li>{{/leaders}}
      </ul>
      {{/hasLeaders}}
      {{^hasLeaders}}<p class="hint">支部尚未登记书记、委员。</p>{{/hasLeaders}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#

    static let realName = #"""
    {{<member_layout}}
    {{$content}}
    <h1>实名核验</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      {{#verified}}<p class="rn-state rn-ok">已通过实名核验（{{verifiedOn}}）</p>{{/verified}}
      {{^verified}}
      <p class="rn-state">尚未实名核验。{{#required}}交纳党费、委托代交前须先完成实名核验。{{/required}}</p>
      <p class="hint">系统将以您档案中的姓名和身份证号向公安身份核验服务核对，不保存任何照片。</p>
      <form method="post" action="/me/realname">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="button primary">开始核验</button>
      </form>
      {{/verified}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#

    static let notices = #"""
    {{<member_layout}}
    {{$content}}
    <h1>通知公告</h1>
    <ul class="msg-list">
      {{#items}}<li class="{{#unread}}unread{{/unread}}"><a href="/me/notices/{{id}}"><span class="msg-title">{{title}}</span>{{#unread}}<span class="badge">未读</span>{{/unread}}<span class="msg-when">{{when}}</span><span class="msg-excerpt">{{excerpt}}</span></a></li>{{/items}}
    </ul>
    {{#empty}}<p class="hint">暂无通知公告。</p>{{/empty}}
    {{/content}}
    {{/member_layout}}
    """#

    static let messages = #"""
    {{<member_layout}}
    {{$content}}
    <h1>我的消息</h1>
    {{#anyUnread}}
    <form method="post" action="/me/messages/read-all" class="msg-actions">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <button type="submit" class="link-button">全部标为已读</button>
    </form>
    {{/anyUnread}}
    <ul class="msg-list">
      {{#items}}<li class="{{#unread}}unread{{/unread}}"><a href="/me/messages/{{id}}"><span class="msg-title">{{title}}</span>{{#unread}}<span class="badge">未读</span>{{/unread}}<span class="msg-when">{{when}}</span><span class="msg-excerpt">{{excerpt}}</span></a></li>{{/items}}
    </ul>
    {{#empty}}<p class="hint">暂无消息。</p>{{/empty}}
    {{/content}}
    {{/member_layout}}
    """#

    static let message = #"""
    {{<member_layout}}
    {{$content}}
    <article class="card msg-detail">
      <h1>{{heading}}</h1>
      <p class="hint">{{when}}</p>
      <div class="msg-content">{{content}}</div>
      {{#noticeHref}}<p><a href="{{noticeHref}}">查看通知全文</a></p>{{/noticeHref}}
    </article>
    <p><a href="{{back}}">‹ {{backLabel}}</a></p>
    {{/content}}
    {{/member_layout}}
    """#
}
