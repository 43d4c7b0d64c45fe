/// Every template by name. Pages inherit `layout` (`{{<layout}}…{{/layout}}`) and draw inputs with
/// the `field` partial, so every input has its label and its error beside it.
enum Templates {
    static let all: [String: String] = base.merging(PortalAreas.templates) { first, _ in first }

    static let base: [String: String] = [
        "layout": layout, "field": field, "form_error": formError, "member_layout": memberLayout, "admin_layout": adminLayout,
        "login": LoginTemplates.login, "change_password": LoginTemplates.changePassword, "sms_code": LoginTemplates.smsCode,
        "forgot": LoginTemplates.forgot, "reset": LoginTemplates.reset,
        "member_home": HomeTemplates.member, "admin_home": HomeTemplates.admin,
        "error": errorPage,
    ]

    /// The page frame: no inline script or style (the CSP allows neither), one stylesheet, one script.
    static let layout = #"""
    <!doctype html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} - 党建平台</title>
    <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/static/portal.css">
    <script src="/static/portal.js" defer></script>
    </head>
    <body class="{{$bodyClass}}plain{{/bodyClass}}">
    {{$body}}{{/body}}
    </body>
    </html>
    """#

    static let field = #"""
    <div class="field{{#hasError}} has-error{{/hasError}}">
      <label for="{{id}}">{{label}}</label>
      <input id="{{id}}" name="{{name}}" type="{{type}}" value="{{value}}" autocomplete="{{autocomplete}}"{{#inputmode}} inputmode="{{inputmode}}"{{/inputmode}} required{{#hasError}} aria-invalid="true" aria-describedby="{{id}}-error"{{/hasError}}>
      {{#hint}}<p class="hint">{{hint}}</p>{{/hint}}
      {{#hasError}}<p class="field-error" id="{{id}}-error" role="alert">{{error}}</p>{{/hasError}}
    </div>
    """#

    static let formError = #"""
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    """#

    /// Members: one column, phone first; a red bar with the page's name and 退出.
    static let memberLayout = #"""
    {{<layout}}
    {{$bodyClass}}member{{/bodyClass}}
    {{$body}}
    <header class="topbar">
      <span class="brand">党建平台</span>
      <form method="post" action="/logout" class="inline">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="link-button">退出登录</button>
      </form>
    </header>
    <nav class="member-nav" aria-label="党员菜单">
      {{#nav}}<a href="{{href}}"{{#current}} aria-current="page" class="current"{{/current}}>{{label}}{{#badge}}<span class="badge unread-count" aria-label="{{badge}} 条未读">{{badge}}</span>{{/badge}}</a>{{/nav}}
    </nav>
    <main class="member-main">
    {{$content}}{{/content}}
    </main>
    {{/body}}
    {{/layout}}
    """#

    /// Administrators: a side menu on the desktop (above the content on a narrow screen).
    static let adminLayout = #"""
    {{<layout}}
    {{$bodyClass}}admin{{/bodyClass}}
    {{$body}}
    <header class="topbar">
      <span class="brand">党建平台 · 管理端</span>
      <form method="post" action="/logout" class="inline">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="link-button">退出登录</button>
      </form>
    </header>
    <div class="admin-frame">
      <nav class="side-menu" aria-label="管理菜单">
        {{#menu}}
        {{#heading}}<p class="menu-heading">{{heading}}</p>{{/heading}}
        <ul>
          {{#items}}<li><a href="{{href}}"{{#current}} aria-current="page" class="current"{{/current}}>{{label}}</a></li>{{/items}}
        </ul>
        {{/menu}}
      </nav>
      <main class="admin-main">
      {{$content}}{{/content}}
      </main>
    </div>
    {{/body}}
    {{/layout}}
    """#

    static let errorPage = #"""
    {{<layout}}
    {{$bodyClass}}plain{{/bodyClass}}
    {{$body}}
    <main class="card narrow">
      <h1>{{heading}}</h1>
      <p class="lead">{{message}}</p>
      <p><a class="button" href="{{backHref}}">{{backLabel}}</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#
}
