/// 个人中心 for members and the administrators' home.
enum HomeTemplates {
    static let member = #"""
    {{<member_layout}}
    {{$content}}
    <h1>个人中心</h1>
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title">我的档案</h2>
      <dl class="facts">
        <dt>姓名</dt><dd class="member-name">{{name}}</dd>
        <dt>所在支部</dt><dd>{{orgName}}</dd>
        <dt>手机号</dt><dd>{{phone}}</dd>
        <dt>党员类型</dt><dd>{{memberType}}</dd>
        <dt>党内职务</dt><dd>{{post}}</dd>
        <dt>入党日期</dt><dd>{{joinDate}}</dd>
      </dl>
      <p class="hint">档案更新于 {{updatedAt}}</p>
    </section>
    {{/content}}
    {{/member_layout}}
    """#

    static let admin = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>管理首页</h1>
    <section class="card" aria-labelledby="org-title">
      <h2 id="org-title">管理组织</h2>
      <dl class="facts">
        <dt>组织名称</dt><dd class="org-name">{{orgName}}</dd>
        <dt>组织代码</dt><dd>{{orgCode}}</dd>
      </dl>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#
}
