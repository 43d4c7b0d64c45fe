/// 组织关系转入 (从市外转入) from the login page: the form, the number and access code, the progress.
enum TransferInboundTemplates {
    static let form = #"""
    {{<layout}}
    {{$body}}
    <main class="card wide-form">
      <p class="crumbs"><a href="/login">登录</a> › 组织关系转入</p>
      <h1>{{title}}</h1>
      <p class="lead">从市外转入本市的党员，请如实填写以下信息，并从查找结果中选择拟转入的党委和党支部。提交后请记下申请编号和查询码，用于查询进度。</p>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="{{action}}" novalidate class="tr-inbound">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#ref}}<input type="hidden" name="transferId" value="{{transferId}}"><input type="hidden" name="accessCode" value="{{accessCode}}">{{/ref}}
        {{#nameField}}{{>oa_field}}{{/nameField}}
        {{#sexField}}{{>oa_field}}{{/sexField}}
        {{#fields}}{{>oa_field}}{{/fields}}
        {{#typeField}}{{>oa_field}}{{/typeField}}
        {{#committeePicker}}{{>tr_picker}}{{/committeePicker}}
        {{#branchPicker}}{{>tr_picker}}{{/branchPicker}}
        {{#reasonField}}{{>oa_field}}{{/reasonField}}
        <button type="submit" name="submit" value="1" class="button primary tr-submit">提交申请</button>
      </form>
      <p class="aside"><a href="/transfer-in/lookup">查询已提交的申请</a> · <a href="/login">返回登录</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#

    static let lookup = #"""
    {{<layout}}
    {{$body}}
    <main class="card narrow">
      <h1>查询转入申请</h1>
      <p class="lead">请输入提交申请时得到的申请编号和查询码。</p>
      {{#formError}}<p class="form-error" role="alert">{{formError}}</p>{{/formError}}
      <form method="post" action="/transfer-in/lookup" novalidate class="tr-lookup">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="field"><label for="lk-id">申请编号</label><input id="lk-id" name="transferId" value="{{transferId}}" autocomplete="off"></div>
        <div class="field"><label for="lk-code">查询码</label><input id="lk-code" name="accessCode" autocomplete="off"></div>
        <button type="submit" class="button primary">查询</button>
      </form>
      <p class="aside"><a href="/transfer-in">提交转入申请</a> · <a href="/login">返回登录</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#

    static let progress = #"""
    {{<layout}}
    {{$body}}
    <main class="card wide-form">
      <h1>{{title}}</h1>
      {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
      {{#justApplied}}
      <div class="tr-keys" role="status">
        <p>请记下以下信息，凭此查询办理进度、修改或撤回申请：</p>
        <p>申请编号：<strong class="tr-key tr-key-id">{{transferId}}</strong></p>
        <p>查询码：<strong class="tr-key tr-key-code">{{accessCode}}</strong></p>
      </div>
      {{/justApplied}}
      {{#t}}{{>tr_facts}}{{>tr_timeline}}{{/t}}
      <div class="tr-acts">
        {{#canEdit}}<form method="post" action="/transfer-in/edit" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="transferId" value="{{transferId}}"><input type="hidden" name="accessCode" value="{{accessCode}}"><button type="submit" class="button primary">修改申请</button></form>{{/canEdit}}
        {{#canWithdraw}}<form method="post" action="/transfer-in/withdraw" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="transferId" value="{{transferId}}"><input type="hidden" name="accessCode" value="{{accessCode}}"><button type="submit" class="button tr-withdraw">撤回申请</button></form>{{/canWithdraw}}
      </div>
      <p class="aside"><a href="/login">返回登录</a></p>
    </main>
    {{/body}}
    {{/layout}}
    """#
}
