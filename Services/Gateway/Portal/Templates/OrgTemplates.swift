/// 党组织管理's pages: one organization (breadcrumb, search, sub-organizations, forms, 管理员信息) and
/// one administrator account; and the labelled control every administrators' form draws.
enum OrgTemplates {
    /// Input, select, textarea or checkbox, with its label, hint, error, and (for organization codes)
    /// the list the script fills with suggestions.
    static let field = #"""
    <div class="field{{#hasError}} has-error{{/hasError}}{{#isCheckbox}} check{{/isCheckbox}}">
      {{#isCheckbox}}<input id="{{id}}" name="{{name}}" type="checkbox" value="1"{{#checked}} checked{{/checked}}> <label for="{{id}}">{{label}}</label>{{/isCheckbox}}
      {{^isCheckbox}}<label for="{{id}}">{{label}}</label>{{/isCheckbox}}
      {{#isSelect}}<select id="{{id}}" name="{{name}}"{{#hasError}} aria-invalid="true" aria-describedby="{{id}}-error"{{/hasError}}>{{#options}}<option value="{{optionValue}}"{{#selected}} selected{{/selected}}>{{optionLabel}}</option>{{/options}}</select>{{/isSelect}}
      {{#isTextarea}}<textarea id="{{id}}" name="{{name}}" rows="6"{{#required}} required{{/required}}{{#hasError}} aria-invalid="true" aria-describedby="{{id}}-error"{{/hasError}}>{{value}}</textarea>{{/isTextarea}}
      {{#isInput}}<input id="{{id}}" name="{{name}}" type="{{type}}" value="{{value}}" autocomplete="off"{{#inputmode}} inputmode="{{inputmode}}"{{/inputmode}}{{#required}} required{{/required}}{{#suggest}} data-suggest="fill" aria-controls="{{id}}-list"{{/suggest}}{{#hasError}} aria-invalid="true" aria-describedby="{{id}}-error"{{/hasError}}>{{/isInput}}
      {{#suggest}}<ul class="suggest-list" id="{{id}}-list" hidden></ul>{{/suggest}}
      {{#hint}}<p class="hint">{{hint}}</p>{{/hint}}
      {{#hasError}}<p class="field-error" id="{{id}}-error" role="alert">{{error}}</p>{{/hasError}}
    </div>
    """#

    static let org = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>党组织管理</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <form method="get" action="/admin/orgs" class="org-search" role="search">
      <label for="org-q">查找组织</label>
      <div class="search-row">
        <input id="org-q" name="q" type="search" value="{{search}}" autocomplete="off" placeholder="输入组织名称，如 第二党总支" data-suggest="link" aria-controls="org-q-list">
        <button type="submit" class="button">查询</button>
      </div>
      <ul class="suggest-list" id="org-q-list" hidden></ul>
    </form>
    {{#searched}}
    <section class="card search-results" aria-labelledby="results-title">
      <h2 id="results-title">查询结果</h2>
      {{#searchError}}<p class="form-error" role="alert">{{searchError}}</p>{{/searchError}}
      {{#noResults}}<p class="hint">没有名称相符的组织。</p>{{/noResults}}
      <ul class="link-list">
        {{#results}}<li><a href="/admin/orgs/{{code}}">{{name}}</a> <span class="hint">{{type}} · {{path}}</span></li>{{/results}}
      </ul>
    </section>
    {{/searched}}
    {{#org}}
    <nav class="breadcrumb" aria-label="上级组织">
      {{#breadcrumb}}<a href="/admin/orgs/{{code}}">{{name}}</a><span aria-hidden="true"> › </span>{{/breadcrumb}}
      <span class="here" aria-current="page">{{name}}</span>
    </nav>
    <section class="card" aria-labelledby="org-title">
      <h2 id="org-title" class="org-name">{{name}}</h2>
      <dl class="facts">
        <dt>组织代码</dt><dd class="org-code">{{code}}</dd>
        <dt>组织类型</dt><dd>{{type}}</dd>
        <dt>所属单位</dt><dd>{{unit}}</dd>
        <dt>村（社区）</dt><dd>{{isVillage}}</dd>
      </dl>
      <p class="actions"><a href="/admin/members?orgCode={{code}}">查看本组织党员</a></p>
    </section>
    {{/org}}
    <section class="card" aria-labelledby="children-title">
      <h2 id="children-title">下级组织</h2>
      {{^hasChildren}}<p class="hint">没有下级组织。</p>{{/hasChildren}}
      {{#hasChildren}}
      <div class="table-wrap">
        <table class="children">
          <thead><tr><th scope="col">组织名称</th><th scope="col">类型</th><th scope="col">代码</th></tr></thead>
          <tbody>
            {{#children}}<tr><td><a href="/admin/orgs/{{code}}">{{name}}</a></td><td>{{type}}</td><td>{{code}}</td></tr>{{/children}}
          </tbody>
        </table>
      </div>
      {{/hasChildren}}
    </section>
    <section class="card" id="admins" aria-labelledby="admins-title">
      <h2 id="admins-title">管理员信息</h2>
      <p class="hint">每个组织至多两名在用管理员；登录验证码发送至管理员的移动电话。</p>
      {{#adminError}}<p class="form-error" role="alert">{{adminError}}</p>{{/adminError}}
      {{^hasAdmins}}<p class="hint">本组织尚无管理员。</p>{{/hasAdmins}}
      {{#hasAdmins}}
      <div class="table-wrap">
        <table class="admins">
          <thead><tr><th scope="col">姓名</th><th scope="col">用户名</th><th scope="col">职务</th><th scope="col">移动电话</th><th scope="col">办公电话</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
          <tbody>
            {{#admins}}
            <tr>
              <td>{{name}}</td><td class="admin-username">{{username}}</td><td>{{post}}</td><td class="admin-mobile">{{mobile}}</td><td>{{officePhone}}</td><td>{{state}}</td>
              <td class="row-actions">
                <a href="/admin/admins/{{accountId}}">编辑</a>
                <form method="post" action="/admin/admins/{{accountId}}/{{#active}}disable{{/active}}{{^active}}enable{{/active}}" class="inline">
                  <input type="hidden" name="_csrf" value="{{csrf}}">
                  <input type="hidden" name="orgCode" value="{{orgCode}}">
                  <button type="submit" class="link-button">{{#active}}停用{{/active}}{{^active}}启用{{/active}}</button>
                </form>
              </td>
            </tr>
            {{/admins}}
          </tbody>
        </table>
      </div>
      {{/hasAdmins}}
      <details class="subform"{{#adminError}} open{{/adminError}}>
        <summary>新增管理员</summary>
        <form method="post" action="/admin/orgs/{{#org}}{{code}}{{/org}}/admins" novalidate class="admin-create">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          {{#adminFields}}{{>oa_field}}{{/adminFields}}
          <button type="submit" class="button primary">新增</button>
        </form>
      </details>
    </section>
    <section class="card" aria-labelledby="edit-title">
      <h2 id="edit-title">修改组织信息</h2>
      {{#updateError}}<p class="form-error" role="alert">{{updateError}}</p>{{/updateError}}
      <form method="post" action="/admin/orgs/{{#org}}{{code}}{{/org}}/update" novalidate class="org-update">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#updateFields}}{{>oa_field}}{{/updateFields}}
        <button type="submit" class="button primary">保存</button>
      </form>
    </section>
    {{#mayCreate}}
    <section class="card" aria-labelledby="create-title">
      <h2 id="create-title">新建下级组织</h2>
      {{#createError}}<p class="form-error" role="alert">{{createError}}</p>{{/createError}}
      <form method="post" action="/admin/orgs/{{#org}}{{code}}{{/org}}/children" novalidate class="org-create">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#createFields}}{{>oa_field}}{{/createFields}}
        <button type="submit" class="button primary">新建</button>
      </form>
    </section>
    {{/mayCreate}}
    {{#mayMove}}
    <section class="card" aria-labelledby="move-title">
      <h2 id="move-title">调整隶属关系</h2>
      <p class="hint">连同全部下级组织一起调整到新的上级组织之下。</p>
      {{#moveError}}<p class="form-error" role="alert">{{moveError}}</p>{{/moveError}}
      <form method="post" action="/admin/orgs/{{#org}}{{code}}{{/org}}/move" novalidate class="org-move">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#moveFields}}{{>oa_field}}{{/moveFields}}
        <button type="submit" class="button primary">调整</button>
      </form>
    </section>
    <section class="card danger" aria-labelledby="dissolve-title">
      <h2 id="dissolve-title">撤销组织</h2>
      <p class="hint">只有没有下级组织、没有在册党员的组织才能撤销。</p>
      {{#dissolveError}}<p class="form-error" role="alert">{{dissolveError}}</p>{{/dissolveError}}
      <form method="post" action="/admin/orgs/{{#org}}{{code}}{{/org}}/dissolve" class="org-dissolve">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button type="submit" class="button">撤销该组织</button>
      </form>
    </section>
    {{/mayMove}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let admin = #"""
    {{<admin_layout}}
    {{$content}}
    {{#admin}}
    <nav class="breadcrumb" aria-label="返回"><a href="/admin/orgs/{{orgCode}}#admins">{{orgName}}</a><span aria-hidden="true"> › </span><span aria-current="page">管理员 {{username}}</span></nav>
    <h1>管理员信息</h1>
    <section class="card">
      <dl class="facts">
        <dt>用户名</dt><dd>{{username}}</dd>
        <dt>所在组织</dt><dd>{{orgName}}</dd>
        <dt>状态</dt><dd>{{state}}</dd>
      </dl>
    </section>
    {{/admin}}
    <section class="card" aria-labelledby="admin-edit-title">
      <h2 id="admin-edit-title">修改</h2>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/admin/admins/{{#admin}}{{accountId}}{{/admin}}" novalidate class="admin-edit">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>oa_field}}{{/fields}}
        <button type="submit" class="button primary">保存</button>
      </form>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#
}
