/// 发送到邮箱 forms, included by the order page (电子凭证) and 缴费记录 (缴费证明).
enum EmailTemplates {
    static let voucherForm = #"""
    <form method="post" action="/me/payments/{{orderId}}/voucher/email" class="email-form voucher-email">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div class="field"><label for="voucher-email">发送到邮箱</label>
        <input id="voucher-email" name="email" type="email" inputmode="email" autocomplete="email" maxlength="254" required placeholder="name@example.com" value="{{emailValue}}"{{#emailError}} aria-invalid="true" aria-describedby="voucher-email-error"{{/emailError}}>
        {{#emailError}}<p class="field-error" id="voucher-email-error">{{emailError}}</p>{{/emailError}}</div>
      <button type="submit" class="button">发送电子凭证</button>
    </form>
    """#

    static let certificateForm = #"""
    <form method="post" action="/me/payments/certificate/email" class="email-form certificate-email">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      <div class="field"><label for="cert-email-year">年度</label><input id="cert-email-year" name="year" type="number" min="2000" max="{{year}}" value="{{year}}"></div>
      <div class="field"><label for="cert-email">发送到邮箱</label>
        <input id="cert-email" name="email" type="email" inputmode="email" autocomplete="email" maxlength="254" required placeholder="name@example.com" value="{{emailValue}}"{{#emailError}} aria-invalid="true" aria-describedby="cert-email-error"{{/emailError}}>
        {{#emailError}}<p class="field-error" id="cert-email-error">{{emailError}}</p>{{/emailError}}</div>
      <button type="submit" class="button">发送缴费证明</button>
    </form>
    """#

    static let css = #"""
    .email-form { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: flex-end; margin-top: .75rem; }
    .email-form .field { flex: 1 1 14rem; margin: 0; }
    """#
}
