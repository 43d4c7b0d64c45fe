/// 个人中心 for members and the administrators' home.
enum HomeTemplates {
    static let member = #"""
    {{<member_layout}}
    {{$content}}
    <h1>个人中心</h1>
    {{#wechatOffer}}<p class="notice wx-offer" role="status">您是从微信公众号进入的：<a href="/me/wechat">绑定此微信</a>，以后从公众号菜单进入无需再输入密码。</p>{{/wechatOffer}}
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title">我的档案</h2>
      <dl class="facts">
        <dt>姓名</dt><dd class="member-name{{#reviewed}} locked{{/reviewed}}">{{name}}</dd>
        <dt>性别</dt><dd>{{sex}}</dd>
        <dt>出生日期</dt><dd>{{birthDate}}</dd>
        <dt>民族</dt><dd>{{ethnicity}}</dd>
        <dt>身份证号</dt><dd>{{idNumber}}</dd>
        <dt>手机号</dt><dd>{{phone}}</dd>
        <dt>党员类型</dt><dd{{#reviewed}} class="locked"{{/reviewed}}>{{memberType}}</dd>
        <dt>入党日期</dt><dd{{#reviewed}} class="locked"{{/reviewed}}>{{joinDate}}</dd>
        <dt>所在支部</dt><dd>{{orgName}}</dd>
        <dt>所属单位</dt><dd>{{unit}}</dd>
        <dt>党内职务</dt><dd{{#reviewed}} class="locked"{{/reviewed}}>{{post}}</dd>
      </dl>
      <p class="hint">档案更新于 {{updatedAt}}{{#reviewed}}；灰色项目已经审核锁定{{/reviewed}}</p>
      <p><a class="button" href="/me/profile">编辑</a></p>
    </section>
    <nav class="home-links" aria-label="更多功能">
      <a href="/me/dues">我的党费</a><a href="/me/branch">我的支部</a><a href="/me/notices">通知公告</a><a href="/me/messages">我的消息</a>
      <a href="/me/meetings">我的会议</a><a href="/me/meetings/branch">我的组织生活</a><a href="/me/affairs">我的三务公开</a><a href="/me/care">我的党员关爱</a>
      <a href="/me/transfers">组织关系转接</a><a href="/me/password">修改密码</a><a href="/me/realname">实名核验</a><a href="/me/wechat">微信绑定</a>
    </nav>
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
