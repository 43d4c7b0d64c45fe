import GatewayApp
import Hummingbird

/// The administrators' 标准录入, 线下交纳, 未交党费党员名单, 收缴率 and their exports.
struct DuesMonthArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        DuesStandardsRoutes(portal: portal).add(to: group)
        DuesCashRoutes(portal: portal).add(to: group)
        DuesUnpaidRoutes(portal: portal).add(to: group)
        DuesRateRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = DuesMonthTemplates.all

    static let script = #"""
    // 标准录入: as a row's kind, base or amount is typed, ask dues (through the portal) what it comes to
    // and show it in the row's 应交金额 cell. Without this script the page shows it after 保存草稿.
    var form = document.querySelector("form.dm-standards");
    if (!form) { return; }
    var csrf = form.querySelector("input[name='_csrf']").value;
    var timers = new Map();
    function preview(row) {
      var kind = row.querySelector("select[name^='kind_']");
      var base = row.querySelector("input[name^='base_']");
      var amount = row.querySelector("input[name^='amount_']");
      var cell = row.querySelector(".dm-amount");
      if (!kind || !base || !amount || !cell) { return; }
      var body = new URLSearchParams();
      body.set("_csrf", csrf);
      body.set("kind", kind.value);
      body.set("base", base.value);
      body.set("amount", amount.value);
      row.setAttribute("data-previewing", "1");
      fetch("/admin/dues/standards/preview", { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) {
          cell.textContent = data.amount ? data.amount + (data.rate ? "（" + data.rate + "）" : "") : "—";
          var state = row.querySelector(".dm-preview-note");
          if (!state) {
            state = document.createElement("span");
            state.className = "hint dm-preview-note";
            cell.parentNode.querySelector(".dm-state").appendChild(state);
          }
          state.textContent = data.error || data.note || "";
          row.classList.add("dm-previewed");
        })
        .catch(function () {})
        .then(function () { row.removeAttribute("data-previewing"); });
    }
    function changed(event) {
      var row = event.target.closest("tr[data-member]");
      if (!row) { return; }
      clearTimeout(timers.get(row));
      timers.set(row, setTimeout(function () { preview(row); }, 250));
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    """#

    static let css = #"""
    .table-wrap { overflow-x: auto; max-width: 100%; }
    .dm-filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; margin-bottom: .5rem; }
    .dm-filters .field { flex: 1 1 10rem; }
    .dm-filters .field select, .dm-filters .field input { width: 100%; }
    .dm-filters .button { margin-bottom: 1rem; }
    .field select { width: 100%; padding: .6rem .5rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; background: #fff; }
    .dm-months a { margin: 0 .5rem; }
    .dm-table { border-collapse: collapse; width: 100%; background: #fff; font-size: .95rem; }
    .dm-table th, .dm-table td { border: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: middle; white-space: nowrap; }
    .dm-table thead th { background: #fbeeee; color: var(--red-dark); }
    .dm-table select, .dm-table input { font-size: .95rem; padding: .3rem .4rem; border: 1px solid #bbb; border-radius: 4px; }
    .dm-table input.dm-money { width: 7.5em; }
    .dm-table input.dm-note { width: 10em; }
    .dm-table [aria-invalid="true"] { border-color: var(--error); outline: 1px solid var(--error); }
    .dm-row-error { background: #fdecee; }
    .dm-amount { font-weight: bold; color: var(--red-dark); }
    .dm-actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
    .button.dm-primary { background: var(--red); color: #fff; }
    .button.dm-primary:hover { background: var(--red-dark); }
    .dm-open { margin-top: .75rem; }
    .dm-months-pick { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: .5rem .75rem; }
    .dm-months-pick legend { font-weight: bold; padding: 0 .25rem; }
    .dm-check { display: inline-block; margin: .25rem 1rem .25rem 0; }
    .dm-paid { color: var(--ok); font-weight: bold; }
    .dm-summary { margin: .5rem 0 1rem; }
    .dm-pager { margin: 1rem 0; display: flex; gap: 1rem; align-items: center; }
    .dm-rate-layout { display: flex; flex-direction: column; gap: 1rem; }
    .dm-chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .75rem; min-width: 0; }
    .dm-rate-chart { width: 100%; height: auto; display: block; }
    .dm-rate-chart a:hover text { text-decoration: underline; }
    @media (min-width: 1100px) {
      .dm-rate-layout { flex-direction: row; align-items: flex-start; }
      .dm-rate-layout > .dm-chart { flex: 1 1 22rem; }
      .dm-rate-layout > .table-wrap { flex: 0 1 auto; }
    }
    """#
}
