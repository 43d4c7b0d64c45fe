/// 微信绑定: the binding's state, and the bind form when a WeChat authorisation is at hand.
enum MemberWeChatTemplates {
    static let page = #"""
    {{<member_layout}}
    {{$content}}
    <h1>微信绑定</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      {{#bound}}<p class="wx-state wx-bound">已绑定微信（{{boundAt}}）</p>{{/bound}}
      {{^bound}}<p class="wx-state">尚未绑定微信</p>{{/bound}}
      {{#offer}}
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form class="wx-bind" method="post" action="/me/wechat/bind" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="code" value="{{code}}">
        <p>绑定您刚才进入本系统所用的微信{{#bound}}（将替换当前绑定）{{/bound}}。请输入登录密码确认：</p>
        {{#fields}}{{>field}}{{/fields}}
        <button type="submit" class="button primary">绑定微信</button>
      </form>
      {{/offer}}
      {{^offer}}{{^bound}}
      <p class="hint">请在微信中关注“党员e家”公众号，从菜单【我要】进入本系统，即可在此绑定。绑定后从公众号进入无需再输入密码。初始密码须先修改。</p>
      {{/bound}}{{/offer}}
      {{#bound}}
      <form class="wx-unbind" method="post" action="/me/wechat/unbind">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="button">解除绑定</button>
      </form>
      {{/bound}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#
}
