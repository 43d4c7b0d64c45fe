/// 代交党费委托管理, 减免审批 and 交纳记录查询 (administrators).
enum DuesReviewTemplates {
    static let proxies = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>代交委托管理</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="get" action="/admin/dues/proxies" class="dm-filters">
      <div class="field"><label for="dp-org">组织代码（党支部，用于批量委托）</label><input id="dp-org" name="org" value="{{org}}" inputmode="numeric" autocomplete="off"></div>
      <button type="submit" class="button">查询</button>
    </form>
    <section class="card" aria-labelledby="dp-list">
      <h2 id="dp-list">委托列表</h2>
      <div class="table-wrap">
      <table class="dp-table">
        <thead><tr><th scope="col">委托人</th><th scope="col">代交人</th><th scope="col">状态</th><th scope="col">委托时间</th><th scope="col">操作</th></tr></thead>
        <tbody>
        {{#items}}<tr><td>{{member}}</td><td>{{proxy}}</td><td>{{status}}</td><td>{{since}}</td>
          <td><form method="post" action="/admin/dues/proxies/{{id}}/revoke" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="org" value="{{org}}"><button type="submit" class="link-button">撤销</button></form></td></tr>{{/items}}
        </tbody>
      </table>
      </div>
      {{#empty}}<p class="hint">暂无代交委托。</p>{{/empty}}
    </section>
    {{#hasMembers}}
    <section class="card" aria-labelledby="dp-bulk">
      <h2 id="dp-bulk">批量委托代交</h2>
      <form method="post" action="/admin/dues/proxies" class="dp-bulk-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="org" value="{{org}}">
        <div class="field"><label for="dp-payer">代交人</label>
          <select id="dp-payer" name="proxyMemberId">{{#members}}<option value="{{id}}">{{name}}（{{post}}）</option>{{/members}}</select></div>
        <fieldset class="dp-members"><legend>委托代交的党员</legend>
          {{#members}}<label class="check"><input type="checkbox" name="m_{{id}}" value="1"> {{name}}</label>{{/members}}
        </fieldset>
        <button type="submit" class="button primary">确认委托</button>
      </form>
    </section>
    {{/hasMembers}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let approvals = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>减免审批</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <section class="card" aria-labelledby="da-ex">
      <h2 id="da-ex">党支部提出的减交、免交</h2>
      {{#noExemptions}}<p class="hint">暂无待审批的减免。</p>{{/noExemptions}}
      <ul class="da-list da-exemptions">
        {{#exemptions}}
        <li><p><strong>{{name}}</strong> <span class="hint">{{org}} · {{monthText}}</span> {{kind}} {{amount}}{{#note}} <span class="hint">理由：{{note}}</span>{{/note}}</p>
          <form method="post" action="/admin/dues/approvals/exemption" class="da-form">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="memberId" value="{{memberId}}"><input type="hidden" name="month" value="{{month}}">
            <div class="field"><label for="da-r-{{memberId}}-{{month}}">意见 / 驳回原因</label><input id="da-r-{{memberId}}-{{month}}" name="reason" autocomplete="off"></div>
            <button type="submit" name="decision" value="approve" class="button">批准</button>
            <button type="submit" name="decision" value="reject" class="button">驳回</button>
          </form></li>
        {{/exemptions}}
      </ul>
    </section>
    <section class="card" aria-labelledby="da-pr">
      <h2 id="da-pr">党员申报的月交金额</h2>
      {{#noProposals}}<p class="hint">暂无待审核的申报。</p>{{/noProposals}}
      <ul class="da-list da-proposals">
        {{#proposals}}
        <li><p><strong>{{name}}</strong> <span class="hint">{{org}} · {{when}}</span> 申报每月 {{amount}}{{#note}} <span class="hint">说明：{{note}}</span>{{/note}}</p>
          <form method="post" action="/admin/dues/approvals/proposal/{{id}}" class="da-form">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div class="field"><label for="da-p-{{id}}">意见 / 驳回原因</label><input id="da-p-{{id}}" name="reason" autocomplete="off"></div>
            <button type="submit" name="decision" value="approve" class="button">同意</button>
            <button type="submit" name="decision" value="reject" class="button">驳回</button>
          </form></li>
        {{/proposals}}
      </ul>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let records = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>交纳记录查询</h1>
    <form method="get" action="/admin/dues/payments" class="dm-filters">
      <div class="field"><label for="dr-org">组织代码</label><input id="dr-org" name="org" value="{{org}}" inputmode="numeric" autocomplete="off"></div>
      <div class="field"><label for="dr-month">月份</label><input id="dr-month" name="month" type="month" value="{{month}}"></div>
      <div class="field"><label for="dr-paid">交纳状态</label><select id="dr-paid" name="paid">{{#paidOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/paidOptions}}</select></div>
      <div class="field"><label for="dr-name">姓名</label><input id="dr-name" name="name" value="{{name}}" autocomplete="off"></div>
      <button type="submit" class="button">查询</button>
    </form>
    <p>共 <span class="dr-count">{{total}}</span> 条{{#exports}} · 导出本支部本月：<a href="{{csv}}">CSV</a> <a href="{{xlsx}}">Excel</a>{{/exports}}</p>
    <div class="table-wrap">
    <table class="dr-table">
      <thead><tr><th scope="col">姓名</th><th scope="col">组织</th><th scope="col">月份</th><th scope="col">金额</th><th scope="col">状态</th><th scope="col">交纳方式</th><th scope="col">交纳时间</th><th scope="col">代交人</th><th scope="col">个人记录</th></tr></thead>
      <tbody>
      {{#items}}<tr><td>{{name}}</td><td>{{org}}</td><td>{{month}}</td><td>{{amount}}</td><td class="{{paidClass}}">{{state}}</td><td class="dr-way">{{way}}</td><td>{{when}}</td><td>{{paidBy}}</td><td><a href="{{historyHref}}">导出</a></td></tr>{{/items}}
      </tbody>
    </table>
    </div>
    {{#empty}}<p class="hint">没有符合条件的记录。</p>{{/empty}}
    <p class="pager">{{#previousHref}}<a href="{{previousHref}}">‹ 上一页</a>{{/previousHref}} {{#nextHref}}<a href="{{nextHref}}">下一页 ›</a>{{/nextHref}}</p>
    {{/content}}
    {{/admin_layout}}
    """#
}
