/// 党员管理's pages: the search with its masked list, and one member's record with its forms.
enum MemberAdminTemplates {
    static let members = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>党员管理</h1>
    <section class="card" aria-labelledby="find-title">
      <h2 id="find-title">查询党员</h2>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="get" action="/admin/members" novalidate class="member-search grid-form">
        {{#fields}}{{>oa_field}}{{/fields}}
        <div class="form-actions"><button type="submit" class="button primary">查询</button></div>
      </form>
    </section>
    {{#listed}}
    <section class="card" aria-labelledby="list-title">
      <h2 id="list-title">党员名单</h2>
      {{#empty}}<p class="hint">没有符合条件的党员。</p>{{/empty}}
      {{^empty}}
      <p class="hint range">{{range}}</p>
      <div class="table-wrap">
        <table class="members">
          <thead><tr><th scope="col">姓名</th><th scope="col">身份证号码</th><th scope="col">手机号码</th><th scope="col">所在支部</th><th scope="col">类型</th><th scope="col">职务</th><th scope="col">状态</th></tr></thead>
          <tbody>
            {{#members}}<tr><td><a class="member-link" href="/admin/members/{{id}}">{{name}}</a></td><td class="id-number">{{idNumber}}</td><td class="phone">{{phone}}</td><td>{{orgName}}</td><td>{{memberType}}</td><td>{{post}}</td><td>{{status}}</td></tr>{{/members}}
          </tbody>
        </table>
      </div>
      <p class="pager">{{#previous}}<a href="{{previous}}">上一页</a>{{/previous}} {{#next}}<a href="{{next}}">下一页</a>{{/next}}</p>
      {{/empty}}
    </section>
    {{/listed}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let member = #"""
    {{<admin_layout}}
    {{$content}}
    {{#member}}
    <nav class="breadcrumb" aria-label="返回"><a href="/admin/members?orgCode={{orgCode}}">{{orgName}}</a><span aria-hidden="true"> › </span><span aria-current="page">{{name}}</span></nav>
    <h1>党员档案</h1>
    {{/member}}
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#member}}
    <section class="card" aria-labelledby="record-title">
      <h2 id="record-title" class="member-name">{{name}}</h2>
      <dl class="facts record">
        <dt>身份证号码</dt><dd class="id-number">{{idNumber}}</dd>
        <dt>性别</dt><dd>{{sex}}</dd>
        <dt>出生日期</dt><dd>{{birthDate}}</dd>
        <dt>民族</dt><dd class="ethnicity">{{ethnicity}}</dd>
        <dt>手机号码</dt><dd class="phone">{{phone}}</dd>
        <dt>党员类型</dt><dd>{{memberType}}</dd>
        <dt>入党日期</dt><dd>{{joinDate}}</dd>
        <dt>所在支部</dt><dd class="org-name">{{orgName}}（{{orgCode}}）</dd>
        <dt>所属单位</dt><dd>{{unit}}</dd>
        <dt>党内职务</dt><dd>{{post}}</dd>
        <dt>状态</dt><dd class="status">{{status}}</dd>
        <dt>档案</dt><dd>{{reviewed}}，更新于 {{updatedAt}}</dd>
      </dl>
    </section>
    {{/member}}
    <section class="card" aria-labelledby="reset-title">
      <h2 id="reset-title">重置密码</h2>
      <p class="hint">密码将恢复为初始密码，该党员的登录随即失效，下次登录时须修改密码。</p>
      {{#resetError}}<p class="form-error" role="alert">{{resetError}}</p>{{/resetError}}
      <form method="post" action="/admin/members/{{#member}}{{id}}{{/member}}/reset-password" class="member-reset">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="button">重置密码</button>
      </form>
    </section>
    <section class="card" aria-labelledby="member-edit-title">
      <h2 id="member-edit-title">编辑档案</h2>
      {{#editError}}<p class="form-error" role="alert">{{editError}}</p>{{/editError}}
      <form method="post" action="/admin/members/{{#member}}{{id}}{{/member}}" novalidate class="member-edit grid-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#editFields}}{{>oa_field}}{{/editFields}}
        <div class="form-actions"><button type="submit" class="button primary">保存</button></div>
      </form>
    </section>
    <section class="card" aria-labelledby="reassign-title">
      <h2 id="reassign-title">划拨</h2>
      <p class="hint">党委、党工委可将党员划拨到其管辖的其他支部。</p>
      {{#reassignError}}<p class="form-error" role="alert">{{reassignError}}</p>{{/reassignError}}
      <form method="post" action="/admin/members/{{#member}}{{id}}{{/member}}/reassign" novalidate class="member-reassign">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#reassignFields}}{{>oa_field}}{{/reassignFields}}
        <button type="submit" class="button primary">划拨</button>
      </form>
    </section>
    <section class="card danger" aria-labelledby="status-title">
      <h2 id="status-title">删除党员 / 变更状态</h2>
      <p class="hint">标记为已转出、删除或恢复正常由党委、党工委办理，须填写原因。</p>
      {{#statusError}}<p class="form-error" role="alert">{{statusError}}</p>{{/statusError}}
      <form method="post" action="/admin/members/{{#member}}{{id}}{{/member}}/status" novalidate class="member-status">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#statusFields}}{{>oa_field}}{{/statusFields}}
        <button type="submit" class="button">确认变更</button>
      </form>
    </section>
    {{#hasHistory}}
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">变更记录</h2>
      <div class="table-wrap">
        <table>
          <thead><tr><th scope="col">时间</th><th scope="col">事项</th><th scope="col">变更</th><th scope="col">原因</th></tr></thead>
          <tbody>{{#history}}<tr><td>{{at}}</td><td>{{kind}}</td><td>{{change}}</td><td>{{reason}}</td></tr>{{/history}}</tbody>
        </table>
      </div>
    </section>
    {{/hasHistory}}
    {{/content}}
    {{/admin_layout}}
    """#
}
