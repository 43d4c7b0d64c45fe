/// 组织关系接转 pages of the administrators (seed 003).
enum TransferAdminTemplates {
    static let table = #"""
    <div class="table-wrap">
    <table class="tr-table">
      <thead><tr><th scope="col">申请时间</th><th scope="col">党员</th><th scope="col">类型</th><th scope="col">转出</th><th scope="col">转入</th><th scope="col">状态</th><th scope="col">介绍信</th></tr></thead>
      <tbody>
      {{#items}}<tr class="{{statusClass}}"><td>{{createdAt}}</td><td><a href="{{href}}">{{memberName}}</a></td><td>{{kind}}</td><td>{{fromOrgName}}</td><td>{{toOrgName}}</td><td>{{status}}{{#waiting}}<br><span class="hint">待 {{waiting}}</span>{{/waiting}}</td><td>{{#letterNumber}}{{letterNumber}}{{/letterNumber}}</td></tr>{{/items}}
      </tbody>
    </table>
    </div>
    {{#empty}}<p class="hint">没有符合条件的转接记录。</p>{{/empty}}
    <p class="pager"><span class="hint">共 {{total}} 条，第 {{range}} 条</span>{{#prev}}<a href="{{prev}}">上一页</a>{{/prev}}{{#next}}<a href="{{next}}">下一页</a>{{/next}}</p>
    """#

    static let todo = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>转接待办</h1>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <p class="hint">等待本组织审核、划拨或接收的组织关系转接。<a href="/admin/transfers/new">代党员申请</a></p>
    <section class="card">{{>tr_table}}</section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let records = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>转接记录查询</h1>
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="get" action="/admin/transfers" class="dm-filters tr-filters">
      <div class="field"><label for="tq-direction">方向</label><select id="tq-direction" name="direction">{{#directions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/directions}}</select></div>
      <div class="field"><label for="tq-kind">类型</label><select id="tq-kind" name="kind">{{#kindOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/kindOptions}}</select></div>
      <div class="field"><label for="tq-status">状态</label><select id="tq-status" name="status">{{#statusOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/statusOptions}}</select></div>
      <div class="field"><label for="tq-from">申请日期起</label><input id="tq-from" name="from" type="date" value="{{from}}"></div>
      <div class="field"><label for="tq-to">申请日期止</label><input id="tq-to" name="to" type="date" value="{{to}}"></div>
      <div class="field"><label for="tq-name">姓名</label><input id="tq-name" name="name" value="{{name}}" autocomplete="off"></div>
      <button type="submit" class="button">查询</button>
    </form>
    <section class="card">{{>tr_table}}</section>
    {{/content}}
    {{/admin_layout}}
    """#

    /// One act's small form: a comment or reason, its error beside it.
    static let transfer = #"""
    {{<admin_layout}}
    {{$content}}
    <p class="crumbs"><a href="/admin/transfers/todo">转接待办</a> · <a href="/admin/transfers">转接记录查询</a></p>
    <h1>转接详情</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#pageError}}<p class="form-error page-error">操作未完成：{{pageError}}</p>{{/pageError}}
    {{#t}}
    <section class="card">
      {{>tr_facts}}
      {{#applicant}}
      <h2>申请人</h2>
      <dl class="facts tr-applicant">
        <dt>姓名</dt><dd>{{name}}</dd><dt>性别</dt><dd>{{sex}}</dd><dt>民族</dt><dd>{{ethnicity}}</dd>
        <dt>身份证号</dt><dd>{{idNumber}}</dd><dt>手机</dt><dd>{{phone}}</dd><dt>党员类别</dt><dd>{{memberType}}</dd>
        <dt>入党日期</dt><dd>{{joinDate}}</dd><dt>原所在党组织</dt><dd>{{fromOrgName}}</dd>
        {{#letterNumber}}<dt>介绍信编号</dt><dd>{{letterNumber}}</dd>{{/letterNumber}}{{#unit}}<dt>工作单位</dt><dd>{{unit}}</dd>{{/unit}}
      </dl>
      {{/applicant}}
    </section>
    <section class="card"><h2>审批流程</h2>{{>tr_timeline}}</section>
    {{/t}}
    <section class="card tr-admin-acts"><h2>办理</h2>
      {{#canReview}}
      <form method="post" action="{{base}}/approve" class="tr-act tr-approve"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#approveError}}<p class="form-error" role="alert">{{approveError}}</p>{{/approveError}}
        <div class="field"><label for="ap-comment">审核意见（可不填）</label><input id="ap-comment" name="comment" autocomplete="off"></div>
        <button type="submit" class="button primary">审核通过</button>
      </form>
      {{/canReview}}
      {{#canAssign}}
      <form method="post" action="{{base}}/assign" class="tr-act tr-assign" novalidate><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#assignError}}<p class="form-error" role="alert">{{assignError}}</p>{{/assignError}}
        {{#picker}}{{>tr_picker}}{{/picker}}
        <div class="field"><label for="as-comment">意见（可不填）</label><input id="as-comment" name="comment" autocomplete="off"></div>
        <button type="submit" name="submit" value="1" class="button primary">划拨</button>
      </form>
      {{/canAssign}}
      {{#canConfirm}}
      <form method="post" action="{{base}}/approve" class="tr-act tr-confirm"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#approveError}}<p class="form-error" role="alert">{{approveError}}</p>{{/approveError}}
        <div class="field"><label for="cf-comment">意见（可不填）</label><input id="cf-comment" name="comment" autocomplete="off"></div>
        <button type="submit" class="button primary">接收确认</button>
      </form>
      {{/canConfirm}}
      {{#canReturn}}
      <form method="post" action="{{base}}/return" class="tr-act tr-return" novalidate><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#returnError}}<p class="form-error" role="alert">{{returnError}}</p>{{/returnError}}
        <div class="field{{#returnFieldError}} has-error{{/returnFieldError}}"><label for="rt-comment">退回理由</label><input id="rt-comment" name="comment" autocomplete="off">{{#returnFieldError}}<p class="field-error" role="alert">{{returnFieldError}}</p>{{/returnFieldError}}</div>
        <button type="submit" class="button">退回修改</button>
      </form>
      {{/canReturn}}
      {{#canEdit}}<p><a class="button primary" href="{{base}}/edit">修改后重新提交（代申请）</a></p>{{/canEdit}}
      {{#canWithdraw}}
      <form method="post" action="{{base}}/withdraw" class="tr-act"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#withdrawError}}<p class="form-error" role="alert">{{withdrawError}}</p>{{/withdrawError}}
        <button type="submit" class="button">撤回（代申请）</button>
      </form>
      {{/canWithdraw}}
      {{#canRevoke}}
      <form method="post" action="{{base}}/revoke" class="tr-act tr-revoke" novalidate><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#revokeError}}<p class="form-error" role="alert">{{revokeError}}</p>{{/revokeError}}
        <div class="field{{#revokeFieldError}} has-error{{/revokeFieldError}}"><label for="rv-reason">撤销理由</label><input id="rv-reason" name="reason" autocomplete="off">{{#revokeFieldError}}<p class="field-error" role="alert">{{revokeFieldError}}</p>{{/revokeFieldError}}</div>
        <button type="submit" class="button">撤销（恢复原组织关系）</button>
      </form>
      {{/canRevoke}}
      {{#t}}{{#letter}}
      <h3>介绍信</h3>
      <form method="post" action="{{base}}/letter" class="tr-act tr-print"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#letterError}}<p class="form-error" role="alert">{{letterError}}</p>{{/letterError}}
        {{#canPrint}}<button type="submit" class="button primary">打印介绍信</button>{{/canPrint}}
        {{^canPrint}}<button type="submit" class="button" disabled>打印介绍信</button>{{#printed}}<p class="hint tr-print-hint">已打印；如需再次打印，请由党委管理员作废后重新开具。</p>{{/printed}}{{/canPrint}}
      </form>
      {{#canVoid}}
      <form method="post" action="{{base}}/void" class="tr-act tr-void" novalidate><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="letterNumber" value="{{number}}">
        {{#voidError}}<p class="form-error" role="alert">{{voidError}}</p>{{/voidError}}
        <div class="field{{#voidFieldError}} has-error{{/voidFieldError}}"><label for="vd-reason">作废理由</label><input id="vd-reason" name="reason" autocomplete="off">{{#voidFieldError}}<p class="field-error" role="alert">{{voidFieldError}}</p>{{/voidFieldError}}</div>
        <button type="submit" class="button">作废并重新开具</button>
      </form>
      {{/canVoid}}
      {{/letter}}
      {{#receiptAwaiting}}
      <h3>回执</h3>
      <form method="post" action="{{base}}/receipt" enctype="multipart/form-data" class="tr-act tr-upload"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#receiptError}}<p class="form-error" role="alert">{{receiptError}}</p>{{/receiptError}}{{#receiptFieldError}}<p class="form-error" role="alert">{{receiptFieldError}}</p>{{/receiptFieldError}}
        <div class="field"><label for="rc-file">上传回执（JPG、PNG 或 PDF）</label><input id="rc-file" name="receipt" type="file" accept="image/jpeg,image/png,application/pdf"></div>
        <button type="submit" class="button">上传回执</button>
      </form>
      <form method="post" action="{{base}}/posted" class="tr-act tr-posted"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#postedError}}<p class="form-error" role="alert">{{postedError}}</p>{{/postedError}}
        <button type="submit" class="button">回执已邮寄收到</button>
      </form>
      {{/receiptAwaiting}}
      {{#receiptUploaded}}<p><a href="{{base}}/receipt">查看已上传的回执</a></p>{{/receiptUploaded}}
      {{#voidedLetters}}<p class="hint">已作废介绍信 {{number}}（{{voidedAt}}{{#voidReason}}，{{voidReason}}{{/voidReason}}）</p>{{/voidedLetters}}
      {{/t}}
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let apply = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>{{heading}}</h1>
    <section class="card">
      <p class="hint">为本组织范围内的党员代为申请。市内转接、单位内部调整须从查找结果中选择拟转入的党支部。</p>
      {{>tr_apply_body}}
    </section>
    {{/content}}
    {{/admin_layout}}
    """#

    static let letterhead = #"""
    {{<admin_layout}}
    {{$content}}
    <h1>发函单位设置</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    <section class="card">
      <p class="hint">打印在本党委开具的介绍信上（党委、党工委设置）。</p>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/admin/transfers/letterhead" novalidate class="tr-letterhead">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}{{>oa_field}}{{/fields}}
        <button type="submit" class="button primary">保存</button>
      </form>
    </section>
    {{/content}}
    {{/admin_layout}}
    """#
}
