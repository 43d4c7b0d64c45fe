/// OrgAdminArea's part of the stylesheet and of the script: organization suggestions while typing,
/// and an import job's progress polled until it ends. Pages work without the script (a search form,
/// a refresh link).
enum OrgAdminAssets {
    static let css = #"""
    .table-wrap { overflow-x: auto; max-width: 100%; }
    .table-wrap table { border-collapse: collapse; width: 100%; min-width: 32rem; background: #fff; }
    .table-wrap th, .table-wrap td { border-bottom: 1px solid var(--line); padding: .45rem .6rem; text-align: left; white-space: nowrap; }
    .table-wrap th { background: #faf3f3; color: var(--muted); font-weight: normal; font-size: .9rem; }
    .field select, .field textarea {
      width: 100%; padding: .6rem .75rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; background: #fff; font-family: inherit;
    }
    .field.check { display: flex; align-items: center; gap: .5rem; }
    .field.check label { display: inline; margin: 0; }
    .field.check input { width: auto; }
    .breadcrumb { font-size: .95rem; margin-bottom: .75rem; overflow-wrap: anywhere; }
    .breadcrumb .here { font-weight: bold; }
    .org-search { position: relative; margin-bottom: 1rem; }
    .org-search label { display: block; font-weight: bold; margin-bottom: .25rem; }
    .search-row { display: flex; gap: .5rem; }
    .search-row input { flex: 1; min-width: 0; padding: .65rem .75rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; }
    .field { position: relative; }
    .suggest-list {
      list-style: none; margin: .25rem 0 0; padding: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px;
      box-shadow: 0 4px 12px rgba(0, 0, 0, .08); max-height: 18rem; overflow-y: auto;
    }
    .suggest-list a { display: block; padding: .5rem .75rem; text-decoration: none; color: var(--ink); overflow-wrap: anywhere; }
    .suggest-list a:hover, .suggest-list a:focus { background: #fdecee; }
    .suggest-list .suggest-path { display: block; color: var(--muted); font-size: .85rem; }
    .suggest-list .suggest-none { padding: .5rem .75rem; color: var(--muted); }
    .link-list { padding-left: 1.2rem; }
    .link-list li { margin: .25rem 0; overflow-wrap: anywhere; }
    .row-actions { display: flex; gap: .75rem; align-items: center; }
    details.subform { margin-top: 1rem; }
    details.subform summary { cursor: pointer; color: var(--red); font-weight: bold; margin-bottom: .75rem; }
    .card.danger { border-left: 4px solid var(--error); }
    .form-actions { display: flex; gap: .75rem; flex-wrap: wrap; }
    .form-actions .button.primary { width: auto; }
    .pager { display: flex; gap: 1rem; }
    .notice-content { white-space: pre-wrap; overflow-wrap: anywhere; }
    .job-progress { width: 100%; height: 1.25rem; accent-color: var(--red); }
    .changes dd { font-weight: bold; }
    @media (min-width: 900px) {
      .grid-form { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0 1.5rem; }
      .grid-form .form-actions { grid-column: 1 / -1; }
    }
    """#

    static let script = #"""
    // Organization suggestions: an input with data-suggest asks the portal (identity.org.search) while
    // typing; "link" suggestions open the organization, "fill" ones put its code in the input.
    var inputs = document.querySelectorAll("input[data-suggest]");
    Array.prototype.forEach.call(inputs, function (input) {
      var list = document.getElementById(input.getAttribute("aria-controls"));
      if (!list) { return; }
      var timer = null;
      var asked = 0;
      function close() { list.hidden = true; list.textContent = ""; }
      function show(items) {
        list.textContent = "";
        items.forEach(function (item) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "/admin/orgs/" + encodeURIComponent(item.code);
          a.className = "suggestion";
          a.setAttribute("data-code", item.code);
          a.textContent = item.name;
          var path = document.createElement("span");
          path.className = "suggest-path";
          path.textContent = item.type + " · " + item.code + " · " + item.path;
          a.appendChild(path);
          if (input.getAttribute("data-suggest") === "fill") {
            a.addEventListener("click", function (event) {
              event.preventDefault();
              input.value = item.code;
              close();
              input.focus();
            });
          }
          li.appendChild(a);
          list.appendChild(li);
        });
        if (items.length === 0) {
          var none = document.createElement("li");
          none.className = "suggest-none";
          none.textContent = "没有名称相符的组织";
          list.appendChild(none);
        }
        list.hidden = false;
      }
      input.addEventListener("input", function () {
        clearTimeout(timer);
        var query = input.value.trim();
        if (!query) { close(); return; }
        timer = setTimeout(function () {
          var mine = ++asked;
          fetch("/admin/suggest/orgs?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (response) { return response.ok ? response.json() : { items: [] }; })
            .then(function (data) { if (mine === asked) { show(data.items || []); } })
            .catch(function () {});
        }, 250);
      });
      input.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
    });

    // An import job's page: poll its progress until it ends, then show the final page.
    var job = document.getElementById("import-job");
    if (job && job.getAttribute("data-running") === "true") {
      var bar = document.getElementById("job-progress");
      var poll = function () {
        fetch("/admin/imports/" + encodeURIComponent(job.getAttribute("data-job")) + "/progress",
              { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (progress) {
            if (!progress) { setTimeout(poll, 2000); return; }
            bar.value = progress.percent;
            bar.textContent = progress.percent + "%";
            job.querySelector(".job-percent").textContent = progress.percent;
            job.querySelector(".job-done").textContent = progress.rowsDone;
            job.querySelector(".job-total").textContent = progress.rowsTotal;
            job.querySelector(".job-status").textContent = progress.statusText;
            if (progress.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
          })
          .catch(function () { setTimeout(poll, 2000); });
      };
      setTimeout(poll, 500);
    }
    """#
}
