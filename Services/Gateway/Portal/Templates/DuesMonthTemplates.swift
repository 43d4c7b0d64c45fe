/// 标准录入, 线下交纳, 未交党费党员名单 and 收缴率. Every table sits in a horizontally scrollable box so
/// a phone's page never gets wider than its screen; selects and table inputs are labelled by hand.
enum DuesMonthTemplates {
    static let all: [String: String] = ["dues_standards": standards, "dues_cash": cash, "dues_unpaid": unpaid, "dues_rate": rate]

    static let standards = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>标准录入</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{>form_error}}
    <form method="get" action="/admin/dues/standards" class="dm-filters">
      <div class="field"><label for="dm-org">党支部代码</label><input id="dm-org" name="org" value="{{org}}" inputmode="numeric" autocomplete="off"></div>
      <div class="field"><label for="dm-month">月份</label><input id="dm-month" name="month" type="month" value="{{month}}"></div>
      <button type="submit" class="button">查询</button>
    </form>
    <p class="dm-months">{{#previousHref}}<a href="{{previousHref}}">‹ 上月</a>{{/previousHref}} <strong>{{monthChinese}}</strong> {{#nextHref}}<a href="{{nextHref}}">下月 ›</a>{{/nextHref}}</p>
    {{#isBranch}}
    <section class="card" aria-labelledby="dm-branch">
      <h2 id="dm-branch">{{orgName}}</h2>
      <dl class="facts">
        <dt>状态</dt><dd class="dm-status">{{statusText}}</dd>
        <dt>党员人数</dt><dd>{{memberCount}}</dd>
        <dt>应交合计</dt><dd class="dm-total">{{total}}</dd>
      </dl>
      {{#notOpen}}
      <form method="post" action="/admin/dues/standards/open" class="dm-open">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="org" value="{{org}}">
        <input type="hidden" name="month" value="{{month}}">
        <button type="submit" class="button">开启本月（沿用上月党费标准）</button>
      </form>
      {{/notOpen}}
    </section>
    <form method="post" action="/admin/dues/standards" class="dm-standards" novalidate>
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <input type="hidden" name="org" value="{{org}}">
      <input type="hidden" name="month" value="{{month}}">
      <input type="hidden" name="rows" value="{{rowCount}}">
      <p class="hint">在职、离退休党员输入工资基数，保存后由系统按党费标准计算应交金额；农民、手动录入须填金额；免交请在备注中写明理由（须上级党委审批）。</p>
      <div class="table-wrap">
      <table class="dm-table">
        <thead><tr><th scope="col">姓名</th><th scope="col">类别</th><th scope="col">工资基数（元）</th><th scope="col">金额（元）</th><th scope="col">备注 / 免交理由</th><th scope="col">应交金额</th><th scope="col">状态</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-member="{{memberId}}"{{#hasError}} class="dm-row-error"{{/hasError}}>
          <th scope="row" class="dm-name">{{name}}<input type="hidden" name="id_{{i}}" value="{{memberId}}"><input type="hidden" name="was_{{i}}" value="{{was}}"></th>
          {{#editable}}
          <td><select name="kind_{{i}}" aria-label="{{name}} 类别"{{#kindInvalid}} aria-invalid="true"{{/kindInvalid}}>{{{kindOptions}}}</select></td>
          <td><input name="base_{{i}}" value="{{base}}" aria-label="{{name}} 工资基数（元）" inputmode="decimal" autocomplete="off" class="dm-money"{{#baseInvalid}} aria-invalid="true"{{/baseInvalid}}></td>
          <td><input name="amount_{{i}}" value="{{amount}}" aria-label="{{name}} 金额（元，农民或手动录入）" inputmode="decimal" autocomplete="off" class="dm-money"{{#amountInvalid}} aria-invalid="true"{{/amountInvalid}}></td>
          <td><input name="note_{{i}}" value="{{note}}" aria-label="{{name}} 备注或免交理由" autocomplete="off" class="dm-note"></td>
          {{/editable}}
          {{^editable}}<td>{{kindLabel}}</td><td>{{base}}</td><td>{{amount}}</td><td>{{note}}</td>{{/editable}}
          <td class="dm-amount">{{computed}}{{#rate}}<span class="hint">（{{rate}}）</span>{{/rate}}</td>
          <td class="dm-state">{{state}}{{#error}}<p class="field-error" role="alert">{{error}}</p>{{/error}}</td>
        </tr>
        {{/rows}}
        </tbody>
      </table>
      </div>
      {{#submitted}}<p class="hint dm-submitted-hint">本月已提交：修改保存后即时生效，并通知标准有变动的党员；减免、免交须上级党委审批后生效。</p>{{/submitted}}
      <div class="dm-actions">
        <button type="submit" name="action" value="save" class="button dm-save">{{#submitted}}保存修改{{/submitted}}{{^submitted}}保存草稿（计算金额）{{/submitted}}</button>
        {{^submitted}}<button type="submit" name="action" value="submit" class="button dm-primary dm-submit">提交并通知交纳</button>{{/submitted}}
      </div>
    </form>
    {{/isBranch}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let cash = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>线下交纳</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{>form_error}}
    <form method="get" action="/admin/dues/cash" class="dm-filters">
      <input type="hidden" name="org" value="{{org}}">
      <div class="field"><label for="dm-member">党员</label>
        <select id="dm-member" name="member">
          <option value="">请选择党员</option>
          {{#members}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/members}}
        </select>
      </div>
      <button type="submit" class="button">查询应交党费</button>
    </form>
    {{#moreMembers}}<p class="hint">仅列出前 200 名党员。</p>{{/moreMembers}}
    {{#memberId}}
    <section class="card" aria-labelledby="dm-cash-member">
      <h2 id="dm-cash-member">{{memberName}}的党费</h2>
      <p class="hint">当前交纳月份：{{openMonth}}</p>
      <div class="table-wrap">
      <table class="dm-table dm-member-months">
        <thead><tr><th scope="col">月份</th><th scope="col">金额</th><th scope="col">状态</th></tr></thead>
        <tbody>{{#lines}}<tr data-month="{{key}}"><td>{{month}}</td><td>{{amount}}</td><td class="dm-month-state{{#paid}} dm-paid{{/paid}}">{{state}}</td></tr>{{/lines}}</tbody>
      </table>
      </div>
      {{#hasPayable}}
      <form method="post" action="/admin/dues/cash" class="dm-cash" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="org" value="{{org}}">
        <input type="hidden" name="memberId" value="{{memberId}}">
        <input type="hidden" name="recordId" value="{{recordId}}">
        <input type="hidden" name="monthCount" value="{{payableCount}}">
        <fieldset class="dm-months-pick">
          <legend>交纳月份（须从最早未交月份起，应交合计 {{payableTotal}}）</legend>
          {{#payable}}<label class="dm-check"><input type="checkbox" name="m_{{i}}" value="{{value}}"{{#checked}} checked{{/checked}}> {{label}} {{amount}}</label>{{/payable}}
          {{#monthsError}}<p class="field-error" role="alert">{{monthsError}}</p>{{/monthsError}}
        </fieldset>
        <div class="field{{#amountError}} has-error{{/amountError}}">
          <label for="dm-amount">实收金额（元）</label>
          <input id="dm-amount" name="amount" value="{{amount}}" inputmode="decimal" autocomplete="off"{{#amountError}} aria-invalid="true" aria-describedby="dm-amount-error"{{/amountError}}>
          {{#amountError}}<p class="field-error" id="dm-amount-error" role="alert">{{amountError}}</p>{{/amountError}}
        </div>
        <div class="field">
          <label for="dm-note">备注（选填）</label>
          <input id="dm-note" name="note" value="{{note}}" autocomplete="off">
        </div>
        <button type="submit" class="button dm-primary">登记线下交纳</button>
      </form>
      {{/hasPayable}}
      {{^hasPayable}}<p class="notice dm-nothing">该党员目前没有应交的党费。</p>{{/hasPayable}}
    </section>
    {{/memberId}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let unpaid = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>未交党费党员名单</h1>
    {{>form_error}}
    <form method="get" action="/admin/dues/unpaid" class="dm-filters">
      <div class="field"><label for="dm-org">组织代码（含下级）</label><input id="dm-org" name="org" value="{{org}}" inputmode="numeric" autocomplete="off" placeholder="本组织"></div>
      <div class="field"><label for="dm-month">月份</label><input id="dm-month" name="month" type="month" value="{{month}}"></div>
      <div class="field"><label for="dm-paid">交纳状态</label>
        <select id="dm-paid" name="paid">{{#filters}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/filters}}</select>
      </div>
      <button type="submit" class="button">查询</button>
    </form>
    <p class="dm-summary">共 <strong class="dm-count">{{total}}</strong> 人{{^month}}（月份缺省为当前交纳月份{{^unpaid}}，已交、全部为所有月份{{/unpaid}}）{{/month}}
      {{#unpaid}}· 导出：<a href="{{csvHref}}" class="dm-export-csv">CSV</a> <a href="{{xlsxHref}}" class="dm-export-xlsx">Excel（XLSX）</a>{{/unpaid}}</p>
    <div class="table-wrap">
    <table class="dm-table dm-records">
      <thead><tr><th scope="col">姓名</th><th scope="col">所在支部</th><th scope="col">月份</th><th scope="col">应交金额</th><th scope="col">交纳情况</th></tr></thead>
      <tbody>
      {{#rows}}<tr><td class="dm-name">{{name}}</td><td>{{orgName}}</td><td>{{month}}</td><td>{{amount}}</td><td>{{#paid}}已交 {{how}}{{/paid}}{{^paid}}未交{{#arrears}}（{{arrears}}）{{/arrears}}{{/paid}}</td></tr>{{/rows}}
      {{#empty}}<tr><td colspan="5" class="dm-empty">没有符合条件的党员。</td></tr>{{/empty}}
      </tbody>
    </table>
    </div>
    <nav class="dm-pager" aria-label="分页">{{#previousHref}}<a href="{{previousHref}}" rel="prev">上一页</a>{{/previousHref}} 第 {{page}} / {{pages}} 页 {{#nextHref}}<a href="{{nextHref}}" rel="next">下一页</a>{{/nextHref}}</nav>
    {{/content}}
    {{/admin_layout}}
    """#

    static let rate = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>收缴率</h1>
    {{>form_error}}
    <form method="get" action="/admin/dues/rate" class="dm-filters">
      <input type="hidden" name="org" value="{{org}}">
      <div class="field"><label for="dm-month">月份</label><input id="dm-month" name="month" type="month" value="{{month}}"></div>
      <button type="submit" class="button">查询</button>
    </form>
    {{#totalRow}}
    <p class="dm-summary"><strong class="dm-org-name">{{orgName}}</strong> · {{monthChinese}} · 收缴率 <strong class="dm-total-rate">{{rate}}</strong>（已交 {{paid}} / 应交 {{due}} 人）{{#upHref}} · <a href="{{upHref}}" class="dm-up">返回上级</a>{{/upHref}}</p>
    {{/totalRow}}
    <div class="dm-rate-layout">
      <figure class="dm-chart">
        <svg class="dm-rate-chart" viewBox="0 0 {{chartWidth}} {{chartHeight}}" role="img" aria-labelledby="dm-chart-title" xmlns="http://www.w3.org/2000/svg">
          <title id="dm-chart-title">{{orgName}}{{monthChinese}}党费收缴率</title>
          {{#bars}}
          <g class="dm-bar" data-org="{{code}}">
            {{#linked}}<a href="{{href}}">{{/linked}}
            <text x="0" y="{{labelY}}" font-size="14" fill="#1f1f1f">{{name}}</text>
            <rect x="0" y="{{barY}}" width="{{barWidth}}" height="{{barHeight}}" fill="#f3e3e4" rx="3"></rect>
            <rect x="0" y="{{barY}}" width="{{width}}" height="{{barHeight}}" fill="#c8161d" rx="3" class="dm-bar-value"></rect>
            <text x="{{valueX}}" y="{{valueY}}" font-size="13" fill="#1f1f1f">{{rate}}</text>
            {{#linked}}</a>{{/linked}}
          </g>
          {{/bars}}
        </svg>
        <figcaption class="hint">{{#hasChildren}}按下级组织逐级汇总；点击组织名称查看下一级。{{/hasChildren}}{{^hasChildren}}本组织没有下级组织。{{/hasChildren}}</figcaption>
      </figure>
      <div class="table-wrap">
      <table class="dm-table dm-rates">
        <thead><tr><th scope="col">组织</th><th scope="col">应交人数</th><th scope="col">已交人数</th><th scope="col">应交金额</th><th scope="col">已交金额</th><th scope="col">收缴率</th></tr></thead>
        <tbody>
        {{#children}}<tr data-org="{{code}}"><th scope="row"><a href="{{href}}">{{name}}</a></th><td class="dm-due">{{due}}</td><td class="dm-paid-count">{{paid}}</td><td>{{dueAmount}}</td><td>{{paidAmount}}</td><td class="dm-rate">{{rate}}</td></tr>{{/children}}
        </tbody>
        {{#totalRow}}<tfoot><tr data-org="{{code}}" class="dm-total-row"><th scope="row">合计</th><td class="dm-due">{{due}}</td><td class="dm-paid-count">{{paid}}</td><td>{{dueAmount}}</td><td>{{paidAmount}}</td><td class="dm-rate">{{rate}}</td></tr></tfoot>{{/totalRow}}
      </table>
      </div>
    </div>
    {{/content}}
    {{/admin_layout}}
    """#
}
