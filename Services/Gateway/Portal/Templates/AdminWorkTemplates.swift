/// 信息审核, 通知公告 (list, new, receipts) and 数据导入 (upload, the job's progress).
enum AdminWorkTemplates {
    static let reviews = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>信息审核</h1>
    <p class="lead">党员提交的档案修改，审核通过后生效。</p>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#empty}}<p class="card hint">没有待审核的修改申请。</p>{{/empty}}
    {{#changes}}
    <section class="card review" id="change-{{id}}" aria-labelledby="change-{{id}}-title">
      <h2 id="change-{{id}}-title"><a href="/admin/members/{{memberId}}" class="review-member">{{memberName}}</a> <span class="hint">{{orgCode}} · 提交于 {{submittedAt}}</span></h2>
      <dl class="facts changes">
        {{#fields}}<dt>{{field}}</dt><dd class="change-value">{{value}}</dd>{{/fields}}
      </dl>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/admin/reviews/{{id}}" novalidate class="review-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#reasonFields}}{{>oa_field}}{{/reasonFields}}
        <div class="form-actions">
          <button type="submit" name="decision" value="approve" class="button primary approve">通过</button>
          <button type="submit" name="decision" value="reject" class="button reject">驳回</button>
        </div>
      </form>
    </section>
    {{/changes}}
    {{/content}}
    {{/admin_layout}}
    """#

    static let notices = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>通知公告</h1>
    <section class="card" aria-labelledby="publish-title">
      <h2 id="publish-title">发布通知</h2>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/admin/notices" novalidate class="notice-publish">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>oa_field}}{{/fields}}
        <button type="submit" class="button primary">发布</button>
      </form>
    </section>
    <section class="card" aria-labelledby="published-title">
      <h2 id="published-title">已发布的通知</h2>
      {{#empty}}<p class="hint">尚未发布通知。</p>{{/empty}}
      {{^empty}}
      <div class="table-wrap">
        <table class="notices">
          <thead><tr><th scope="col">标题</th><th scope="col">接收组织</th><th scope="col">接收人数</th><th scope="col">发布时间</th></tr></thead>
          <tbody>{{#notices}}<tr><td><a href="/admin/notices/{{id}}">{{title}}</a></td><td>{{orgCodes}}</td><td>{{recipients}}</td><td>{{publishedAt}}</td></tr>{{/notices}}</tbody>
        </table>
      </div>
      {{/empty}}
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let notice = #"""
    {{<admin_layout}}
    {{$content}}
    <nav class="breadcrumb" aria-label="返回"><a href="/admin/notices">通知公告</a><span aria-hidden="true"> › </span><span aria-current="page">通知详情</span></nav>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#item}}
    <article class="card">
      <h1 class="notice-title">{{title}}</h1>
      <p class="hint">发布于 {{publishedAt}} · 接收组织 {{orgCodes}} · {{fanout}}</p>
      <div class="notice-content">{{content}}</div>
    </article>
    {{/item}}
    <section class="card" aria-labelledby="receipts-title">
      <h2 id="receipts-title">阅读回执</h2>
      {{#receipts}}
      <dl class="facts receipts">
        <dt>接收人数</dt><dd class="recipients">{{recipients}}</dd>
        <dt>已读</dt><dd class="read">{{read}}</dd>
        <dt>未读</dt><dd class="unread">{{unread}}</dd>
      </dl>
      {{/receipts}}
      {{#hasNotRead}}
      <h3>未读名单</h3>
      <div class="table-wrap">
        <table class="not-read">
          <thead><tr><th scope="col">姓名</th><th scope="col">所在组织</th></tr></thead>
          <tbody>{{#notRead}}<tr><td>{{name}}</td><td>{{orgCode}}</td></tr>{{/notRead}}</tbody>
        </table>
      </div>
      <p class="pager">{{#previous}}<a href="{{previous}}">上一页</a>{{/previous}} {{#next}}<a href="{{next}}">下一页</a>{{/next}}</p>
      {{/hasNotRead}}
      <p><a class="button" href="">刷新</a></p>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let importForm = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>数据导入</h1>
    <p class="lead">上传党统系统导出的 CSV 文件（UTF-8 或 GBK 编码）。全部行检查无误才导入；有错误时不导入任何数据，可下载错误报告。</p>
    <section class="card">
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/admin/imports" enctype="multipart/form-data" class="import-form">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field">
          <label for="import-organizations">组织文件</label>
          <input id="import-organizations" name="organizations" type="file" accept=".csv,text/csv">
          <p class="hint">列：组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区</p>
        </div>
        <div class="field">
          <label for="import-members">党员文件</label>
          <input id="import-members" name="members" type="file" accept=".csv,text/csv">
          <p class="hint">列：姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务</p>
        </div>
        <button type="submit" class="button primary">上传并导入</button>
      </form>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let importJob = #"""
    {{<admin_layout}}
    {{$content}}
    <nav class="breadcrumb" aria-label="返回"><a href="/admin/imports">数据导入</a><span aria-hidden="true"> › </span><span aria-current="page">导入任务</span></nav>
    <h1>导入任务</h1>
    {{#job}}
    <section class="card import-job" id="import-job" data-job="{{jobId}}" data-running="{{running}}">
      <p>状态：<strong class="job-status">{{statusText}}</strong></p>
      <progress id="job-progress" class="job-progress" max="100" value="{{percent}}" aria-label="导入进度">{{percent}}%</progress>
      <p class="job-count"><span class="job-percent">{{percent}}</span>%（已处理 <span class="job-done">{{rowsDone}}</span> / <span class="job-total">{{rowsTotal}}</span> 行）</p>
      {{#running}}<p><a class="button job-refresh" href="/admin/imports/{{jobId}}">刷新进度</a></p>{{/running}}
      {{#succeeded}}<p class="notice" role="status">导入成功：新建组织 {{organizationsCreated}} 个，党员 {{membersCreated}} 名。</p>{{/succeeded}}
      {{#failed}}<p class="form-error" role="alert">导入失败，未导入任何数据。{{#failure}}{{failure}}{{/failure}}</p>{{/failed}}
      {{#hasErrors}}
      <p>发现 {{errorCount}} 处错误{{#firstError}}，第一处：{{firstError}}{{/firstError}}</p>
      <p><a class="button errors-download" href="/admin/imports/{{jobId}}/errors">下载错误报告</a></p>
      {{/hasErrors}}
      <p class="hint">提交于 {{createdAt}}{{#encodings}} · 文件编码 {{encodings}}{{/encodings}}</p>
    </section>
    {{/job}}
    <p><a href="/admin/imports">继续导入</a></p>
    {{/content}}
    {{/admin_layout}}
    """#
}
