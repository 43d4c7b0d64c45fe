/// 对账报告 pages (党费管理 › 对账报告): the days, one day's differences.
enum ReconciliationTemplates {
    static let list = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>对账报告</h1>
    <p class="hint">每日对账：我方订单、渠道对账单（微信支付、支付宝、银联）与党费记录三方核对，差异逐笔列出，不自动冲抵。</p>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="post" action="/admin/payments/reconciliation/run" class="dm-filters rc-run">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div class="field"><label for="rc-day">对账日期</label><input id="rc-day" name="day" type="date" value="{{day}}" max="{{today}}"></div>
      <button type="submit" class="button" id="rc-run">立即对账</button>
    </form>
    <section class="card" aria-labelledby="rc-days">
      <h2 id="rc-days">各日结果</h2>
      <div class="table-wrap">
      <table class="rc-table">
        <thead><tr><th scope="col">对账日</th><th scope="col">渠道</th><th scope="col">相符笔数</th><th scope="col">相符金额</th>{{#kindTitles}}<th scope="col" title="{{action}}">{{title}}</th>{{/kindTitles}}<th scope="col">对账时间</th></tr></thead>
        <tbody>
        {{#items}}<tr class="rc-day{{#clean}} rc-clean{{/clean}}" data-day="{{day}}"><td><a href="/admin/payments/reconciliation/{{day}}">{{day}}</a></td><td>{{channels}}</td><td class="num">{{matched}}</td><td class="num">{{matchedYuan}}</td>{{#kinds}}<td class="num{{#some}} rc-some{{/some}}" data-kind="{{kind}}">{{count}}</td>{{/kinds}}<td>{{ranAt}}（第 {{run}} 次）</td></tr>{{/items}}
        </tbody>
      </table>
      </div>
      {{#empty}}<p class="hint">尚无对账报告。每日按设定时间自动对前一日对账，也可在上方选择日期立即对账。</p>{{/empty}}
    </section>
    <section class="card" aria-labelledby="rc-kinds">
      <h2 id="rc-kinds">差异类型与处理</h2>
      <dl class="rc-legend">{{#kindTitles}}<dt>{{title}}</dt><dd>{{action}}</dd>{{/kindTitles}}</dl>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let day = #"""
    {{<admin_layout}}
    {{$content}}
    <p class="crumbs"><a href="/admin/payments/reconciliation">对账报告</a> › {{day}}</p>
    <h1>{{day}} 对账报告</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card rc-summary">
      <p>渠道：{{channels}}；对账时间 {{ranAt}}（第 {{run}} 次）</p>
      <p>相符 <strong class="rc-matched">{{matched}}</strong> 笔，{{matchedYuan}}；渠道收款 {{statementPaid}}，渠道退款 {{statementRefunded}}，我方收款 {{ourPaid}}。</p>
      {{#clean}}<p class="rc-ok" id="rc-clean">三方一致，无差异。</p>{{/clean}}
      <p><a class="button" id="rc-export" href="/admin/payments/reconciliation/{{day}}/export.csv">导出 CSV</a></p>
      <form method="post" action="/admin/payments/reconciliation/run" class="rc-rerun">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="day" value="{{day}}">
        <button type="submit" class="link-button">重新对账</button>
      </form>
    </section>
    <section class="card" aria-labelledby="rc-kinds">
      <h2 id="rc-kinds">差异汇总</h2>
      <table class="rc-kinds">
        <thead><tr><th scope="col">类型</th><th scope="col">笔数</th><th scope="col">金额</th><th scope="col">处理</th></tr></thead>
        <tbody>{{#kinds}}<tr data-kind="{{kind}}"{{#some}} class="rc-some"{{/some}}><td>{{title}}</td><td class="num rc-count">{{count}}</td><td class="num">{{yuan}}</td><td>{{action}}</td></tr>{{/kinds}}</tbody>
      </table>
    </section>
    {{^clean}}
    <section class="card" aria-labelledby="rc-diffs">
      <h2 id="rc-diffs">差异明细</h2>
      <div class="table-wrap">
      <table class="rc-differences">
        <thead><tr><th scope="col">类型</th><th scope="col">渠道</th><th scope="col">商户订单号</th><th scope="col">渠道交易号</th><th scope="col">我方金额</th><th scope="col">渠道金额</th><th scope="col">党费记录</th><th scope="col">我方时间</th><th scope="col">渠道时间</th><th scope="col">说明</th><th scope="col">处理建议</th></tr></thead>
        <tbody>
        {{#differences}}<tr class="rc-difference" data-kind="{{kind}}" data-order="{{orderId}}"><td>{{title}}</td><td>{{channel}}</td><td class="order-id">{{orderId}}</td><td class="order-id">{{tradeNo}}</td><td class="num">{{ours}}</td><td class="num">{{theirs}}</td><td class="num">{{dues}}</td><td>{{ourTime}}</td><td>{{theirTime}}</td><td>{{detail}}</td><td>{{action}}</td></tr>{{/differences}}
        </tbody>
      </table>
      </div>
    </section>
    {{/clean}}
    {{/content}}
    {{/admin_layout}}
    """#
}
