/// 我的党费 › 银行缴费协议.
enum AgreementTemplates {
    static let page = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/dues">我的党费</a> › 银行缴费协议</p>
    <h1>银行缴费协议</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#error}}<p class="form-error" role="alert">{{error}}</p>{{/error}}
    <section class="card" aria-labelledby="ag-list">
      <h2 id="ag-list">银行缴费协议列表</h2>
      {{#hasAgreements}}
      <ul class="ag-list">
        {{#agreements}}
        <li class="ag-item" data-agreement="{{id}}">
          <p><strong>{{bank}}</strong> 尾号 <span class="ag-last4">{{last4}}</span> · 持卡人 {{holder}} · <span class="ag-status">{{status}}</span></p>
          <p class="hint">签约时间 {{signedAt}}</p>
          {{#active}}
          <details class="ag-cancel"><summary>解约</summary>
            <form method="post" action="/me/payments/agreements/{{id}}/cancel">
              <p class="hint">确定解除该银行缴费协议？解约后将不再自动代扣党费。</p>
              <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button ag-cancel-confirm">确认解约</button>
            </form>
          </details>
          {{/active}}
        </li>
        {{/agreements}}
      </ul>
      {{/hasAgreements}}
      {{^hasAgreements}}<p class="hint">尚未签订银行缴费协议。</p>{{/hasAgreements}}
    </section>
    <section class="card" aria-labelledby="ag-sign">
      <h2 id="ag-sign">+ 缴费协议</h2>
      <p class="hint">仅限本人名下的银联借记卡。签约后，每月开放交纳时自动从该卡扣缴本人应交党费；扣款未成功时将通知您，不会自动重试。新协议签订后替换原协议。</p>
      <p>持卡人：<span class="ag-holder">{{holderName}}</span>（身份证号 {{holderId}}）</p>
      <form method="post" action="/me/payments/agreements" class="ag-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="ag-card">银行卡号</label><input id="ag-card" name="cardNumber" inputmode="numeric" autocomplete="cc-number" maxlength="23" value="{{card}}"></div>
        <div class="field"><label for="ag-bank">开户银行（可不选，按卡号识别）</label>
          <select id="ag-bank" name="bankName"><option value="">按卡号识别</option><option>中国工商银行</option><option>中国建设银行</option><option>中国农业银行</option><option>中国银行</option><option>交通银行</option><option>招商银行</option><option>浙江农商银行</option></select></div>
        {{#codeSent}}
        <input type="hidden" name="codeId" value="{{codeId}}"><input type="hidden" name="maskedPhone" value="{{codeSent}}">
        <div class="field"><label for="ag-code">短信验证码（已发送至 {{codeSent}}）</label><input id="ag-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></div>
        <button type="submit" class="button primary ag-submit">签约</button>
        {{/codeSent}}
        {{^codeSent}}<button type="submit" class="button primary ag-send">发送短信验证码</button>{{/codeSent}}
      </form>
    </section>
    <section class="card" aria-labelledby="ag-debits">
      <h2 id="ag-debits">代扣记录</h2>
      {{#hasDebits}}
      <div class="table-wrap"><table class="ag-debits">
        <thead><tr><th scope="col">月份</th><th scope="col">金额</th><th scope="col">状态</th><th scope="col">时间</th></tr></thead>
        <tbody>
        {{#debits}}<tr data-order="{{orderId}}"><td>{{month}}</td><td class="num">{{amount}}</td><td class="ag-debit-status">{{status}}{{#failure}}（{{failure}}）{{/failure}}</td><td>{{createdAt}}</td></tr>{{/debits}}
        </tbody>
      </table></div>
      {{/hasDebits}}
      {{^hasDebits}}<p class="hint">暂无代扣记录。</p>{{/hasDebits}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#
}
