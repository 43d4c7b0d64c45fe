/// The login steps and the forgotten password: one card each, centred, for phones first.
enum LoginTemplates {
    static let login = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow">
      <h1 class="brand-title">党建平台</h1>
      <p class="lead">党员请用身份证号或手机号登录，管理员请用用户名登录。</p>
      {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
      {{>form_error}}
      <form method="post" action="/login" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>field}}{{/fields}}
        <button type="submit" class="button primary">登录</button>
      </form>
      <p class="aside"><a href="/password/forgot">忘记密码？</a></p>
    </main>
    <aside class="card narrow login-side" aria-labelledby="login-transfer-in">
      <h2 id="login-transfer-in">组织关系转入</h2>
      <p>从市外转入本市的党员，请在此提交组织关系转入申请，并凭申请编号和查询码查询进度。</p>
      <p><a class="button" href="/transfer-in">组织关系转入</a> <a href="/transfer-in/lookup">查询进度</a></p>
    </aside>
    {{/body}}
    {{/layout}}
    """#

    static let changePassword = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow">
      <h1>修改初始密码</h1>
      <p class="lead">首次登录须修改初始密码，修改后继续登录。</p>
      {{>form_error}}
      <form method="post" action="/login/password" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>field}}{{/fields}}
        <button type="submit" class="button primary">修改并继续</button>
      </form>
      <p class="aside"><a href="/login">重新登录</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#

    static let smsCode = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow">
      <h1>短信验证</h1>
      <p class="lead">在新设备上登录须短信验证。验证码已发送至 <strong class="phone">{{maskedPhone}}</strong>。</p>
      {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
      {{>form_error}}
      <form method="post" action="/login/sms" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>field}}{{/fields}}
        <button type="submit" class="button primary">验证并登录</button>
      </form>
      <form method="post" action="/login/sms/resend" class="aside">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="link-button">没有收到？重新发送</button>
      </form>
    </main>
    {{/body}}
    {{/layout}}
    """#

    static let forgot = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow">
      <h1>忘记密码</h1>
      <p class="lead">验证码将发送至账号预留的手机号。</p>
      {{>form_error}}
      <form method="post" action="/password/forgot" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>field}}{{/fields}}
        <button type="submit" class="button primary">发送验证码</button>
      </form>
      <p class="aside"><a href="/login">返回登录</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#

    static let reset = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow">
      <h1>重置密码</h1>
      {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
      {{>form_error}}
      <form method="post" action="/password/reset" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>field}}{{/fields}}
        <button type="submit" class="button primary">重置密码</button>
      </form>
      <p class="aside"><a href="/password/forgot">重新获取验证码</a> · <a href="/login">返回登录</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#
}
