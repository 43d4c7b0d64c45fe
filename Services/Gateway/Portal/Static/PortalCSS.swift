/// The portal's one stylesheet: party red, phone first (one column); from 900 px the administrators'
/// side menu sits left of the content. CJK fonts first so Chinese never falls back to boxes.
enum PortalCSS {
    static let text = #"""
    :root {
      --red: #c8161d; --red-dark: #a11016; --gold: #ffd34d; --ink: #1f1f1f; --muted: #666; --line: #e3e3e3;
      --bg: #f6f4f2; --card: #fff; --error: #b00020; --ok: #1d6b2f;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body {
      margin: 0; color: var(--ink); background: var(--bg); line-height: 1.6; font-size: 16px;
      font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif;
    }
    a { color: var(--red); }
    h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
    h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
    .topbar {
      display: flex; align-items: center; justify-content: space-between; gap: 1rem;
      background: var(--red); color: #fff; padding: .75rem 1rem;
    }
    .topbar .brand { font-weight: bold; letter-spacing: .1em; }
    .topbar .link-button { color: #fff; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1.25rem; margin: 1rem 0; }
    .card.narrow { max-width: 26rem; margin: 2rem auto; border-top: 4px solid var(--red); }
    body.plain { padding: 0 1rem; }
    .brand-title { color: var(--red); text-align: center; font-size: 1.6rem; letter-spacing: .2em; }
    .lead { color: var(--muted); margin-top: 0; }
    .aside { margin-top: 1rem; text-align: center; font-size: .95rem; }
    .field { margin-bottom: 1rem; }
    .field label { display: block; font-weight: bold; margin-bottom: .25rem; }
    .field input {
      width: 100%; padding: .65rem .75rem; font-size: 1rem; border: 1px solid #bbb; border-radius: 6px; background: #fff;
    }
    .field input:focus { outline: 2px solid var(--red); outline-offset: 1px; border-color: var(--red); }
    .field.has-error input { border-color: var(--error); }
    .field-error, .form-error { color: var(--error); margin: .25rem 0 0; font-size: .95rem; }
    .form-error { background: #fdecee; border: 1px solid #f3c2c7; border-radius: 6px; padding: .5rem .75rem; margin-bottom: 1rem; }
    .notice { color: var(--ok); background: #eaf6ec; border: 1px solid #c4e3ca; border-radius: 6px; padding: .5rem .75rem; }
    .hint { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
    .button {
      display: inline-block; padding: .7rem 1.2rem; border-radius: 6px; border: 1px solid var(--red); background: #fff;
      color: var(--red); font-size: 1rem; text-decoration: none; cursor: pointer;
    }
    .button.primary { width: 100%; background: var(--red); color: #fff; }
    .button.primary:hover { background: var(--red-dark); }
    .link-button { background: none; border: none; padding: 0; color: var(--red); font-size: 1rem; cursor: pointer; text-decoration: underline; }
    form.inline { display: inline; margin: 0; }
    .facts { display: grid; grid-template-columns: 6em 1fr; gap: .5rem 1rem; margin: 0; }
    .facts dt { color: var(--muted); }
    .facts dd { margin: 0; overflow-wrap: anywhere; }
    .member-main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
    .admin-frame { display: flex; flex-direction: column; }
    .side-menu { background: #fff; border-bottom: 1px solid var(--line); }
    .side-menu ul { list-style: none; margin: 0; padding: .5rem; display: flex; flex-wrap: wrap; gap: .25rem; }
    .side-menu a { display: block; padding: .5rem .75rem; border-radius: 6px; text-decoration: none; color: var(--ink); }
    .side-menu a.current { background: var(--red); color: #fff; }
    .side-menu .menu-heading { margin: .5rem .75rem 0; font-size: .85rem; color: var(--muted); }
    .admin-main { padding: 1rem; flex: 1; min-width: 0; }
    .member-nav { display: flex; background: #fff; border-bottom: 1px solid var(--line); overflow-x: auto; }
    .member-nav a { flex: 1; text-align: center; padding: .6rem .25rem; text-decoration: none; color: var(--ink); white-space: nowrap; font-size: .95rem; }
    .badge { display: inline-block; min-width: 1.3em; margin-left: .25rem; padding: 0 .35em; border-radius: 1em; background: var(--red); color: #fff; font-size: .75rem; line-height: 1.3em; text-align: center; font-weight: bold; }
    .member-nav a.current { color: var(--red); font-weight: bold; box-shadow: inset 0 -3px 0 var(--red); }
    @media (min-width: 900px) {
      body.admin { display: flex; flex-direction: column; min-height: 100vh; }
      .admin-frame { flex-direction: row; flex: 1; }
      .side-menu { width: 14rem; border-bottom: none; border-right: 1px solid var(--line); }
      .side-menu ul { flex-direction: column; }
      .admin-main { padding: 1.5rem 2rem; }
    }
    """#
}
