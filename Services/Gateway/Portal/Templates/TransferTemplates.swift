/// 组织关系转接 pages of members and the parts every transfer page shares: the picker (suggestions as
/// radios, never a typed code), the timeline, the application form.
enum TransferTemplates {
    /// A target picker: a search box and its 查找 button, and the suggestions to choose from.
    static let picker = #"""
    <fieldset class="picker{{#pickerError}} has-error{{/pickerError}}" id="{{pickerId}}">
      <legend>{{pickerLabel}}</legend>
      <p class="hint">{{pickerHint}}</p>
      <div class="search-row">
        <label for="{{pickerId}}-q" class="visually-hidden">{{pickerLabel}}：查找</label>
        <input id="{{pickerId}}-q" name="{{pickerName}}Q" type="search" value="{{pickerQuery}}" autocomplete="off" placeholder="如：国土局、第一党支部">
        <button type="submit" name="find" value="{{pickerName}}" class="button pick-find" formnovalidate>查找</button>
      </div>
      {{#hasOptions}}
      <ul class="pick-options">
        {{#options}}<li><input type="radio" id="{{optId}}" name="{{radioName}}" value="{{optValue}}"{{#checked}} checked{{/checked}}> <label for="{{optId}}"><span class="pick-name">{{optName}}</span> <span class="pick-detail">{{optDetail}}</span></label></li>{{/options}}
      </ul>
      {{/hasOptions}}
      {{#searched}}{{^hasOptions}}<p class="hint pick-none">没有名称相符的党组织，请换个关键词再查找。</p>{{/hasOptions}}{{/searched}}
      {{#pickerError}}<p class="field-error" role="alert">{{pickerError}}</p>{{/pickerError}}
    </fieldset>
    """#

    /// Steps (organization, state, who, when, comment), then every act in order.
    static let timeline = #"""
    {{#hasSteps}}
    <ol class="tr-steps">
      {{#steps}}<li class="{{stateClass}}{{#current}} step-current{{/current}}"><span class="step-action">{{action}}</span> <span class="step-org">{{org}}</span> <span class="step-state">{{state}}</span>{{#actor}}<span class="step-who">{{actor}}</span>{{/actor}}{{#actedAt}}<span class="step-when">{{actedAt}}</span>{{/actedAt}}{{#comment}}<span class="step-comment">意见：{{comment}}</span>{{/comment}}</li>{{/steps}}
    </ol>
    {{/hasSteps}}
    {{#hasHistory}}
    <details class="tr-history"><summary>办理记录</summary>
      <ul>{{#history}}<li><span class="hint">{{at}}</span> {{title}}{{#actor}}（{{actor}}）{{/actor}}{{#comment}}：{{comment}}{{/comment}}</li>{{/history}}</ul>
    </details>
    {{/hasHistory}}
    """#

    /// A transfer's facts (its kind, where from and to, the letter and the receipt).
    static let facts = #"""
    <dl class="facts">
      <dt>转接编号</dt><dd class="tr-id">{{transferId}}</dd>
      <dt>类型</dt><dd>{{kind}}</dd>
      <dt>状态</dt><dd class="tr-status {{statusClass}}">{{status}}{{#waiting}}（待 {{waiting}}）{{/waiting}}</dd>
      <dt>党员</dt><dd class="tr-member">{{memberName}}</dd>
      <dt>转出党组织</dt><dd>{{fromOrgName}}</dd>
      {{#toOrgTitle}}<dt>介绍信接受地党组织</dt><dd>{{toOrgTitle}}</dd>{{/toOrgTitle}}
      <dt>转入党组织</dt><dd class="tr-to">{{toOrgName}}{{#toUnit}}（{{toUnit}}）{{/toUnit}}</dd>
      <dt>转接原因</dt><dd>{{reason}}</dd>
      <dt>申请时间</dt><dd>{{createdAt}}</dd>
      {{#completedAt}}<dt>办结时间</dt><dd>{{completedAt}}</dd>{{/completedAt}}
      {{#letter}}<dt>介绍信</dt><dd class="tr-letter">编号 {{number}} · {{state}} · 党费交到 {{duesPaidThrough}} · 有效期 {{validDays}} 天</dd>{{/letter}}
      {{#receipt}}<dt>回执</dt><dd class="tr-receipt">{{state}}{{#receivedAt}} · {{receivedAt}}{{/receivedAt}}{{^receivedAt}} · 应于 {{dueAt}} 前寄回{{/receivedAt}}</dd>{{/receipt}}
    </dl>
    """#

    static let mine = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me">个人中心</a> › 组织关系转接</p>
    <h1>我的组织关系</h1>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <section class="card">
      <p>现所在党支部：<strong class="tr-current-branch">{{branchName}}</strong>{{#branchUnit}}（{{branchUnit}}）{{/branchUnit}}</p>
      {{^hasOpen}}<p><a class="button primary" href="/me/transfers/new">我要转移组织关系</a></p>{{/hasOpen}}
      {{#hasOpen}}<p class="hint">您有正在办理的转接，办结或撤回后才能再次申请。</p>{{/hasOpen}}
    </section>
    {{#transfers}}
    <section class="card tr-card" id="tr-{{transferId}}">
      <h2>{{kind}} <span class="tr-status {{statusClass}}">{{status}}</span></h2>
      {{>tr_facts}}
      {{>tr_timeline}}
      <div class="tr-acts">
        {{#isReturned}}<a class="button primary" href="/me/transfers/{{transferId}}/edit">修改后重新提交</a>{{/isReturned}}
        {{#canWithdraw}}<form method="post" action="/me/transfers/{{transferId}}/withdraw" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="button tr-withdraw">撤回申请</button></form>{{/canWithdraw}}
        {{#letter}}
        <form method="post" action="/me/transfers/{{transferId}}/letter" class="inline tr-print"><input type="hidden" name="_csrf" value="{{csrf}}">
          {{#canPrint}}<button type="submit" class="button primary">打印介绍信</button>{{/canPrint}}
          {{^canPrint}}<button type="submit" class="button" disabled>打印介绍信</button>{{/canPrint}}
        </form>
        {{/letter}}
      </div>
      {{#printed}}<p class="hint tr-print-hint">介绍信只能打印一次，如需再次打印请联系党委管理员作废后重新开具。</p>{{/printed}}
      {{#receiptAwaiting}}
      <form method="post" action="/me/transfers/{{transferId}}/receipt" enctype="multipart/form-data" class="tr-upload">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="rc-{{transferId}}">上传回执（拍照或扫描，JPG、PNG 或 PDF，不超过 4 MB）</label><input id="rc-{{transferId}}" name="receipt" type="file" accept="image/jpeg,image/png,application/pdf"></div>
        <button type="submit" class="button">上传回执</button>
      </form>
      {{/receiptAwaiting}}
      {{#receiptUploaded}}<p><a href="/me/transfers/{{transferId}}/receipt">查看已上传的回执</a></p>{{/receiptUploaded}}
    </section>
    {{/transfers}}
    {{^hasTransfers}}<p class="hint">暂无组织关系转接记录。</p>{{/hasTransfers}}
    {{/content}}
    {{/member_layout}}
    """#

    /// The form's body (shared by the member's and the administrator's pages).
    static let applyBody = #"""
    {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
    <form method="post" action="{{action}}" novalidate class="tr-apply">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      {{#withMember}}{{#memberField}}{{>oa_field}}{{/memberField}}{{/withMember}}
      {{#kindFixed}}<p>转接类型：<strong>{{kindName}}</strong></p><input type="hidden" name="kind" value="{{kindValue}}">{{/kindFixed}}
      {{^kindFixed}}
      <fieldset class="tr-kinds"><legend>转接类型</legend>
        {{#kinds}}<span class="tr-kind"><input type="radio" id="{{kId}}" name="kind" value="{{kValue}}"{{#kChecked}} checked{{/kChecked}}> <label for="{{kId}}">{{kLabel}}</label></span>{{/kinds}}
      </fieldset>
      {{/kindFixed}}
      {{#picker}}{{>tr_picker}}{{/picker}}
      <fieldset class="tr-external"><legend>转到市外时填写</legend>
        {{#externalFields}}{{>oa_field}}{{/externalFields}}
      </fieldset>
      {{#reasonField}}{{>oa_field}}{{/reasonField}}
      <button type="submit" name="submit" value="1" class="button primary tr-submit">提交申请</button>
      <a href="{{back}}" class="button">返回</a>
    </form>
    """#

    static let applyMember = #"""
    {{<member_layout}}
    {{$content}}
    <p class="crumbs"><a href="/me/transfers">我的组织关系</a> › {{heading}}</p>
    <h1>{{heading}}</h1>
    <section class="card">
      <p class="hint">市内转接、单位内部调整：请从查找结果中选择拟转入的党支部；转到市外：请填写介绍信接受地党组织、拟转入党组织和单位。提交后由所在党支部审核。</p>
      {{>tr_apply_body}}
    </section>
    {{/content}}
    {{/member_layout}}
    """#
}
