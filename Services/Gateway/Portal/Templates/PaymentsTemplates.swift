/// 在线交纳, the order page and 缴费记录 (members, phone first).
enum PaymentsTemplates {
    static let pay = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/dues">我的党费</a> › 在线交纳</p>
    <h1>在线交纳党费</h1>
    {{#hasProxies}}
    <section class="card" aria-labelledby="pay-whom">
      <h2 id="pay-whom">为谁交纳</h2>
      <form method="get" action="/me/dues/pay" class="pay-whom" data-members-form>
        <ul class="pay-members">
        {{#whom}}<li><label><input type="checkbox" value="{{id}}" data-member {{#checked}}checked{{/checked}}> {{name}}</label></li>{{/whom}}
        </ul>
        <input type="hidden" name="members" value="{{members}}" data-members>
        <button type="submit" class="button">计算金额</button>
      </form>
      <p class="hint">可为已确认委托您代交的党员一并交纳。</p>
    </section>
    {{/hasProxies}}
    <section class="card" aria-labelledby="pay-quote">
      <h2 id="pay-quote">应交明细</h2>
      {{#quoteError}}<p class="form-error" role="alert">{{quoteError}}</p>{{/quoteError}}
      {{#quote}}
      <div class="table-wrap">
      <table class="pay-lines">
        <thead><tr><th scope="col">党员</th><th scope="col">月份</th><th scope="col">金额</th></tr></thead>
        <tbody>
        {{#lines}}<tr><td>{{name}}</td><td>{{month}}</td><td class="num">{{amount}}</td></tr>{{/lines}}
        </tbody>
        <tfoot><tr><th scope="row" colspan="2">合计（{{count}} 个月）</th><td class="num pay-total">{{total}}</td></tr></tfoot>
      </table>
      </div>
      <p class="hint">按月份先后交纳：欠交月份须先补交。</p>
      {{/quote}}
    </section>
    {{#payable}}
    <section class="card" aria-labelledby="pay-how">
      <h2 id="pay-how">支付方式</h2>
      {{#error}}<p class="form-error" role="alert">{{error}}</p>{{/error}}
      {{#hasChannels}}
      <form method="post" action="/me/dues/pay">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="key" value="{{key}}">
        <input type="hidden" name="members" value="{{members}}">
        {{#inWeChat}}<input type="hidden" name="client" value="jsapi">{{/inWeChat}}
        <fieldset class="pay-channels"><legend>选择支付方式</legend>
        {{#channels}}<label class="pay-channel"><input type="radio" name="channel" value="{{channel}}" {{#checked}}checked{{/checked}}> {{name}}{{#sms}}<span class="hint">（短信验证码确认）</span>{{/sms}}{{#password}}<span class="hint">（交易密码确认）</span>{{/password}}</label>{{/channels}}
        </fieldset>
        <div class="field"><label for="pay-remark">备注（选填，如补交原因）</label>
          <textarea id="pay-remark" name="remark" maxlength="200" rows="2"{{#remarkError}} aria-invalid="true" aria-describedby="pay-remark-error"{{/remarkError}}>{{remark}}</textarea>
          {{#remarkError}}<p class="field-error" id="pay-remark-error">{{remarkError}}</p>{{/remarkError}}</div>
        <button type="submit" class="button primary">确认交纳 {{quoteTotal}}</button>
      </form>
      {{/hasChannels}}
      {{^hasChannels}}<p class="hint">本单位暂未开通在线支付，请向支部交纳现金。</p>{{/hasChannels}}
    </section>
    {{/payable}}
    {{^payable}}{{#quote}}<p class="md-clear">所选党员暂无应交党费。</p>{{/quote}}{{/payable}}
    {{/content}}
    {{/member_layout}}
    """#

    static let order = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/dues">我的党费</a> › <a href="/me/payments">缴费记录</a> › 订单</p>
    <h1>{{heading}}</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card order {{statusClass}}" data-order="{{orderId}}" data-status="{{status}}"{{#waiting}} data-waiting{{/waiting}} aria-labelledby="order-status">
      <h2 id="order-status" class="order-status">{{statusText}}</h2>
      <p class="order-amount"><span class="md-total-amount">{{total}}</span> · {{channel}}</p>
      {{#needsCode}}
      <form method="post" action="/me/payments/{{orderId}}/confirm" class="order-code">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#passwordFactor}}<div class="field"><label for="order-code">交易密码（6 位数字）</label>
          <input id="order-code" name="code" type="password" inputmode="numeric" autocomplete="off" maxlength="6"{{#codeError}} aria-invalid="true" aria-describedby="order-code-error"{{/codeError}}>{{/passwordFactor}}
        {{^passwordFactor}}<div class="field"><label for="order-code">短信验证码（已发送至 {{maskedPhone}}）</label>
          <input id="order-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"{{#codeError}} aria-invalid="true" aria-describedby="order-code-error"{{/codeError}}>{{/passwordFactor}}
          {{#codeError}}<p class="field-error" id="order-code-error">{{codeError}}</p>{{/codeError}}</div>
        <button type="submit" class="button primary">确认支付</button>
      </form>
      {{^passwordFactor}}<form method="post" action="/me/payments/{{orderId}}/resend" class="inline">
        <input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="link-button">重新发送验证码</button>
      </form>{{/passwordFactor}}
      {{#passwordFactor}}<p class="hint"><a href="/me/payments/password">忘记交易密码？重新设置</a></p>{{/passwordFactor}}
      {{/needsCode}}
      {{^needsCode}}{{#codeError}}<p class="form-error" role="alert">{{codeError}}</p>{{/codeError}}{{/needsCode}}
      {{#qrCode}}
      {{#qrImage}}<figure class="order-qr">
        <img src="/me/payments/{{orderId}}/qr.svg" alt="{{channel}}付款码" width="220" height="220">
        <figcaption>请使用{{app}}扫一扫完成支付</figcaption>
      </figure>{{/qrImage}}
      <p class="hint">付款码：<code class="order-qr-text">{{qrCode}}</code></p>
      <p class="hint">订单将于 {{expiresAt}} 失效，失效后所选月份可重新交纳。</p>
      <p><a class="button" href="/me/payments/{{orderId}}">我已支付，刷新状态</a></p>
      {{/qrCode}}
      {{#payLink}}
      <p><a class="button primary order-unionpay" href="{{payLink}}">前往银联在线支付</a></p>
      <p class="hint">请使用借记卡支付（党费不接受信用卡，信用卡付款将原路退回）。订单将于 {{expiresAt}} 失效。</p>
      <p><a class="button" href="/me/payments/{{orderId}}">我已支付，刷新状态</a></p>
      {{/payLink}}
      {{#jsapi}}
      <p><button type="button" class="button primary order-wxpay" data-jsapi="{{jsapi}}">微信支付</button></p>
      <p class="hint">在微信中点击“微信支付”完成付款。订单将于 {{expiresAt}} 失效。</p>
      {{/jsapi}}
      {{#retry}}
      {{#wallet}}<p class="hint">请确认市民卡余额足够（不足请先<a href="/me/wallet">充值</a>），再用余额支付。</p>
      <form method="post" action="/me/payments/{{orderId}}/confirm"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button primary">使用市民卡余额支付</button></form>{{/wallet}}
      {{^wallet}}<p class="form-error" role="alert">支付机构暂时无法受理，请稍后重试。</p>
      <form method="post" action="/me/payments/{{orderId}}/confirm"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button primary">重新获取付款码</button></form>{{/wallet}}
      {{/retry}}
      {{#paid}}<p class="md-clear">党费已交纳{{#paidAt}}（{{paidAt}}）{{/paidAt}}。</p>{{/paid}}
      {{#voucher}}<p><a class="button" href="/me/payments/{{orderId}}/voucher.pdf" download>下载电子凭证（PDF）</a></p>
      {{>voucher_email_form}}{{/voucher}}
      {{#receiptToken}}<p><a href="/receipts/{{receiptToken}}" class="order-receipt">分享交纳回执</a></p>{{/receiptToken}}
      {{#refundPending}}<p class="hint order-refund-pending">退费申请审核中。</p>{{/refundPending}}
      {{#canApplyRefund}}
      <details class="order-refund-apply"{{#refundError}} open{{/refundError}}>
        <summary>申请退费</summary>
        <form method="post" action="/me/payments/{{orderId}}/refund">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div class="field"><label for="order-refund-reason">退费原因</label>
            <textarea id="order-refund-reason" name="reason" maxlength="200" rows="2"{{#refundError}} aria-invalid="true" aria-describedby="order-refund-error"{{/refundError}}></textarea>
            {{#refundError}}<p class="field-error" id="order-refund-error">{{refundError}}</p>{{/refundError}}</div>
          <button type="submit" class="button">提交退费申请</button>
        </form>
      </details>
      {{/canApplyRefund}}
      {{#refund}}<p class="order-refund">款项已原路退回{{#at}}（{{at}}）{{/at}}。原因：{{reason}}</p>{{/refund}}
      {{#expired}}<p class="hint">订单已失效，所选月份已释放。<a href="/me/dues/pay">重新交纳</a></p>{{/expired}}
    </section>
    {{^topUp}}<section class="card" aria-labelledby="order-lines">
      <h2 id="order-lines">订单明细</h2>
      <dl class="facts">
        <dt>订单号</dt><dd class="order-id">{{orderId}}</dd>
        <dt>创建时间</dt><dd>{{createdAt}}</dd>
        {{#tradeNo}}<dt>支付流水号</dt><dd>{{tradeNo}}</dd>{{/tradeNo}}
        {{#remark}}<dt>备注</dt><dd>{{remark}}</dd>{{/remark}}
      </dl>
      <div class="table-wrap">
      <table class="pay-lines">
        <thead><tr><th scope="col">党员</th><th scope="col">月份</th><th scope="col">金额</th></tr></thead>
        <tbody>{{#lines}}<tr><td>{{name}}</td><td>{{month}}</td><td class="num">{{amount}}</td></tr>{{/lines}}</tbody>
        <tfoot><tr><th scope="row" colspan="2">合计</th><td class="num">{{total}}</td></tr></tfoot>
      </table>
      </div>
    </section>{{/topUp}}
    {{#topUp}}<section class="card"><dl class="facts"><dt>订单号</dt><dd class="order-id">{{orderId}}</dd><dt>创建时间</dt><dd>{{createdAt}}</dd></dl>
      <p><a href="/me/wallet">返回市民卡</a></p></section>{{/topUp}}
    {{/content}}
    {{/member_layout}}
    """#

    static let list = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/dues">我的党费</a> › 缴费记录</p>
    <h1>缴费记录</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      {{#hasOrders}}
      <div class="table-wrap">
      <table class="payment-list">
        <thead><tr><th scope="col">时间</th><th scope="col">月份</th><th scope="col">党员</th><th scope="col">金额</th><th scope="col">方式</th><th scope="col">状态</th></tr></thead>
        <tbody>
        {{#orders}}<tr class="{{statusClass}}"><td><a href="/me/payments/{{orderId}}">{{at}}</a></td><td>{{months}}</td><td>{{whom}}<span class="hint">（{{by}}）</span></td><td class="num">{{total}}</td><td>{{channel}}</td><td class="order-state">{{statusText}}</td></tr>{{/orders}}
        </tbody>
      </table>
      </div>
      {{/hasOrders}}
      {{^hasOrders}}<p class="hint">暂无在线缴费记录。</p>{{/hasOrders}}
    </section>
    <section class="card" aria-labelledby="pay-cert">
      <h2 id="pay-cert">缴费证明</h2>
      <form method="get" action="/me/payments/certificate.pdf" class="md-quote-form">
        <div class="field"><label for="pay-cert-year">年度</label><input id="pay-cert-year" name="year" type="number" min="2000" max="{{year}}" value="{{year}}"></div>
        <button type="submit" class="button">下载年度缴费证明（PDF）</button>
      </form>
      {{>certificate_email_form}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#

    static let refundReview = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>退费审核</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <section class="card" aria-labelledby="rr-list">
      <h2 id="rr-list">待审核的退费申请</h2>
      <ul class="rr-list">
        {{#items}}<li class="rr-item">
          <p class="rr-who"><strong>{{name}}</strong> <span class="hint">{{org}}</span></p>
          <p>{{months}} · <span class="rr-amount">{{amount}}</span> · <span class="hint">申请于 {{at}}</span></p>
          <p class="rr-reason">原因：{{reason}}</p>
          <div class="rr-actions">
            <form method="post" action="/admin/payments/refunds/{{id}}/review" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="decision" value="approve"><button type="submit" class="button primary rr-approve">批准退费</button></form>
            <form method="post" action="/admin/payments/refunds/{{id}}/review" class="rr-reject"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="decision" value="reject"><label for="rr-comment-{{id}}">驳回理由</label><input id="rr-comment-{{id}}" name="comment" maxlength="200"><button type="submit" class="button">驳回</button></form>
          </div>
        </li>{{/items}}
      </ul>
      {{#empty}}<p class="hint">暂无待审核的退费申请。</p>{{/empty}}
      <p class="hint">批准后，所交月份在党费台账中恢复为未交，款项通过原支付渠道退回，申请人将收到通知。</p>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let receipt = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow receipt">
      <h1 class="brand-title">党费交纳回执</h1>
      <dl class="facts receipt-facts">
        <dt>交纳人</dt><dd class="receipt-name">{{name}}</dd>
        <dt>所在党组织</dt><dd>{{org}}</dd>
        <dt>交纳月份</dt><dd>{{months}}{{members}}</dd>
        <dt>金额</dt><dd class="receipt-amount">{{amount}}</dd>
        <dt>支付方式</dt><dd>{{channel}}</dd>
        <dt>交纳时间</dt><dd>{{paidAt}}</dd>
      </dl>
      <p class="hint">本回执由党建平台出具，仅显示脱敏姓名。</p>
    </main>
    {{/body}}
    {{/layout}}
    """#

    static let wallet = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/dues">我的党费</a> › 市民卡</p>
    <h1>市民卡党费钱包</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#error}}<p class="form-error" role="alert">{{error}}</p>{{/error}}
    {{^registered}}
    <section class="card" aria-labelledby="wl-open">
      <h2 id="wl-open">开通</h2>
      <p class="hint">开通后可通过支付宝或微信支付充值，用余额交纳党费。</p>
      {{#codeSent}}
      <form method="post" action="/me/wallet/register" class="wl-code">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="wl-code">短信验证码（已发送至 {{codeSent}}）</label><input id="wl-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></div>
        <button type="submit" class="button primary">确认开通</button>
      </form>
      {{/codeSent}}
      <form method="post" action="/me/wallet/register" class="wl-send"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button{{^codeSent}} primary{{/codeSent}}">{{#codeSent}}重新发送验证码{{/codeSent}}{{^codeSent}}发送验证码并开通{{/codeSent}}</button></form>
    </section>
    {{/registered}}
    {{#registered}}
    <section class="card" aria-labelledby="wl-balance">
      <h2 id="wl-balance">余额</h2>
      <p class="md-total"><span class="md-total-amount wl-balance">{{balance}}</span></p>
      <p class="hint">卡号 {{cardNo}}</p>
    </section>
    <section class="card" aria-labelledby="wl-topup">
      <h2 id="wl-topup">充值</h2>
      <form method="post" action="/me/wallet/topup" class="wl-topup">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="key" value="{{key}}">
        <div class="field"><label for="wl-amount">金额（元，1–5000）</label><input id="wl-amount" name="amount" inputmode="decimal" autocomplete="off"></div>
        <fieldset class="pay-channels"><legend>支付方式</legend>
        {{#topUpChannels}}<label class="pay-channel"><input type="radio" name="channel" value="{{channel}}" {{#checked}}checked{{/checked}}> {{name}}</label>{{/topUpChannels}}
        </fieldset>
        <button type="submit" class="button primary">充值</button>
      </form>
    </section>
    <section class="card" aria-labelledby="wl-moves">
      <h2 id="wl-moves">收支明细</h2>
      {{#hasMovements}}
      <div class="table-wrap">
      <table class="wl-movements">
        <thead><tr><th scope="col">时间</th><th scope="col">类型</th><th scope="col">金额</th></tr></thead>
        <tbody>{{#movements}}<tr><td><a href="/me/payments/{{orderId}}">{{at}}</a></td><td>{{kind}}</td><td class="num{{#in}} wl-in{{/in}}">{{amount}}</td></tr>{{/movements}}</tbody>
      </table>
      </div>
      {{/hasMovements}}
      {{^hasMovements}}<p class="hint">暂无收支。</p>{{/hasMovements}}
    </section>
    {{/registered}}
    {{/content}}
    {{/member_layout}}
    """#

    static let adminOrders = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>在线支付订单</h1>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="get" action="/admin/payments/orders" class="dm-filters">
      <div class="field"><label for="ao-org">组织代码（缺省为本组织，含下级）</label><input id="ao-org" name="org" value="{{org}}" inputmode="numeric" autocomplete="off"></div>
      <div class="field"><label for="ao-status">状态</label><select id="ao-status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/statuses}}</select></div>
      <button type="submit" class="button">查询</button>
    </form>
    <section class="card" aria-labelledby="ao-list">
      <h2 id="ao-list">订单</h2>
      <div class="table-wrap">
      <table class="ao-table">
        <thead><tr><th scope="col">时间</th><th scope="col">党员</th><th scope="col">月份</th><th scope="col">金额</th><th scope="col">方式</th><th scope="col">状态</th></tr></thead>
        <tbody>
        {{#items}}<tr class="{{statusClass}}"><td>{{at}}</td><td>{{members}}</td><td>{{months}}</td><td class="num">{{amount}}</td><td>{{channel}}</td><td>{{status}}{{#refund}}<br><span class="hint">{{refund}}</span>{{/refund}}</td></tr>{{/items}}
        </tbody>
      </table>
      </div>
      {{#empty}}<p class="hint">暂无订单。</p>{{/empty}}
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let password = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/dues">我的党费</a> › 交易密码</p>
    <h1>交易密码</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#error}}<p class="form-error" role="alert">{{error}}</p>{{/error}}
    <section class="card">
      <p class="hint">交易密码为 6 位数字，与登录密码不同，用于确认党费支付。{{#isSet}}已设置；可通过短信验证码重新设置。{{/isSet}}</p>
      {{#locked}}<p class="form-error">交易密码错误次数过多，已锁定至 {{locked}}。</p>{{/locked}}
      {{#codeSent}}
      <form method="post" action="/me/payments/password" class="tp-set">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="tp-code">短信验证码（已发送至 {{codeSent}}）</label><input id="tp-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6"></div>
        <div class="field"><label for="tp-password">新交易密码（6 位数字）</label><input id="tp-password" name="password" type="password" inputmode="numeric" autocomplete="new-password" maxlength="6"></div>
        <div class="field"><label for="tp-again">再次输入</label><input id="tp-again" name="again" type="password" inputmode="numeric" autocomplete="new-password" maxlength="6"></div>
        <button type="submit" class="button primary">设置交易密码</button>
      </form>
      {{/codeSent}}
      <form method="post" action="/me/payments/password" class="tp-send"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button{{^codeSent}} primary{{/codeSent}}">{{#codeSent}}重新发送验证码{{/codeSent}}{{^codeSent}}发送短信验证码{{/codeSent}}</button></form>
    </section>
    {{/content}}
    {{/member_layout}}
    """#
}
