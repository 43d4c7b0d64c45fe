/// 我的党费 (members, phone first).
enum MyDuesTemplates {
    static let myDues = #"""
    {{<member_layout}}
    {{$content}}
    <h1>我的党费</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card md-summary" aria-labelledby="md-due">
      <h2 id="md-due">当前应交</h2>
      {{#hasPayable}}
      <p class="md-total"><span class="md-total-amount">{{payableTotal}}</span></p>
      <p class="hint">含 {{payableCount}} 个月：{{payableMonths}}（补交欠交月份在前，按月份先后交纳）</p>
      {{#canPayOnline}}<p><a class="button primary md-pay" href="/me/dues/pay">在线交纳</a></p>{{/canPayOnline}}
      {{^canPayOnline}}<p class="hint">本单位暂未开通在线支付，请向支部交纳现金，由支部管理员登记。</p>{{/canPayOnline}}
      {{/hasPayable}}
      {{^hasPayable}}<p class="md-total md-clear">暂无应交党费</p>{{/hasPayable}}
      <p class="hint">本期交纳月份：{{openMonth}}（每月16日起可交纳当月党费）</p>
      <p><a href="/me/payments">缴费记录</a>{{#walletOn}} · <a href="/me/wallet">市民卡</a>{{/walletOn}}{{#passwordOn}} · <a href="/me/payments/password">交易密码</a>{{/passwordOn}}{{#debitOn}} · <a href="/me/payments/agreements">银行缴费协议</a>{{/debitOn}}</p>
    </section>

    <section class="card" aria-labelledby="md-months">
      <h2 id="md-months">交纳明细</h2>
      <div class="table-wrap">
      <table class="md-table">
        <thead><tr><th scope="col">月份</th><th scope="col">金额</th><th scope="col">状态</th><th scope="col">交纳方式与时间</th></tr></thead>
        <tbody>
        {{#lines}}
        <tr class="{{stateClass}}"><th scope="row">{{month}}</th><td class="md-amount">{{amount}}</td><td class="md-state">{{state}}</td><td>{{#how}}{{how}}{{/how}}{{^how}}—{{/how}}</td></tr>
        {{/lines}}
        </tbody>
      </table>
      </div>
    </section>

    <section class="card" aria-labelledby="md-quote">
      <h2 id="md-quote">按月份查询应交金额</h2>
      <form method="get" action="/me/dues#md-quote" class="md-quote-form">
        <div class="field"><label for="md-from">起始月份</label><input id="md-from" name="from" type="month" value="{{quoteFrom}}"></div>
        <div class="field"><label for="md-to">截止月份</label><input id="md-to" name="to" type="month" value="{{quoteTo}}"></div>
        <button type="submit" class="button">计算合计</button>
      </form>
      {{#quoteError}}<p class="form-error" role="alert">{{quoteError}}</p>{{/quoteError}}
      {{#quote}}
      <dl class="facts md-quote">
        <dt>合计</dt><dd class="md-quote-total">{{total}}</dd>
        <dt>包含月份</dt><dd>{{months}}{{^count}}无{{/count}}</dd>
        {{#earlier}}<dt>更早欠交</dt><dd>{{earlier}}（交纳时须先补交）</dd>{{/earlier}}
        {{#beyond}}<dt>超出补交期限</dt><dd>{{beyond}}（请联系支部）</dd>{{/beyond}}
        {{#withoutStandard}}<dt>未设置标准</dt><dd>{{withoutStandard}}</dd>{{/withoutStandard}}
      </dl>
      {{/quote}}
    </section>

    <section class="card" id="proxies" aria-labelledby="md-proxy">
      <h2 id="md-proxy">代交委托</h2>
      {{#proxyError}}<p class="form-error" role="alert">{{proxyError}}</p>{{/proxyError}}
      <h3>我委托他人代交</h3>
      {{#hasGranted}}
      <ul class="md-proxies md-granted">
        {{#granted}}
        <li><span class="md-proxy-name">{{name}}</span> <span class="md-proxy-status">{{status}}</span>
          <form method="post" action="/me/dues/proxies/{{id}}/revoke" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="link-button">撤销</button></form></li>
        {{/granted}}
      </ul>
      {{/hasGranted}}
      {{^hasGranted}}<p class="hint">尚未委托他人代交。</p>{{/hasGranted}}
      <form method="get" action="/me/dues#proxies" class="md-fellow-search">
        <div class="field"><label for="md-fellow">按姓名查找本支部党员</label><input id="md-fellow" name="fellow" value="{{fellowName}}" autocomplete="off"></div>
        <button type="submit" class="button">查找</button>
      </form>
      {{#fellowError}}<p class="form-error" role="alert">{{fellowError}}</p>{{/fellowError}}
      {{#searched}}
      <ul class="md-proxies md-fellows">
        {{#fellows}}
        <li><span class="md-fellow-name">{{name}}</span>{{#post}} <span class="hint">{{post}}</span>{{/post}}
          <form method="post" action="/me/dues/proxies" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="proxyMemberId" value="{{memberId}}"><button type="submit" class="button">委托其代交</button></form></li>
        {{/fellows}}
        {{^fellows}}<li class="hint">未找到匹配的党员。</li>{{/fellows}}
      </ul>
      {{/searched}}
      <h3>委托我代交</h3>
      {{#hasReceived}}
      <ul class="md-proxies md-received">
        {{#received}}
        <li><span class="md-proxy-name">{{name}}</span> <span class="md-proxy-status">{{status}}</span>
          {{#payable}}<a class="button" href="/me/dues/pay?members={{memberId}}">代交</a>{{/payable}}
          {{#pending}}<form method="post" action="/me/dues/proxies/{{id}}/confirm" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button">确认代交</button></form>{{/pending}}
          <form method="post" action="/me/dues/proxies/{{id}}/revoke" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="link-button">{{#pending}}拒绝{{/pending}}{{^pending}}解除{{/pending}}</button></form></li>
        {{/received}}
      </ul>
      {{/hasReceived}}
      {{^hasReceived}}<p class="hint">暂无他人委托您代交。</p>{{/hasReceived}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#
}
