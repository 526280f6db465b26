// diurna web UI: plain JavaScript over the JSON API (/api/...). No framework, no external resource.
// Every text from the store reaches the page through textContent or a text node (never innerHTML), and every link
// to another site goes through safeUrl (http and https only).
"use strict";

(() => {
  const SVGNS = "http://www.w3.org/2000/svg";
  const QUADS = [
    [1, "verbal cooperation"],
    [2, "material cooperation"],
    [3, "verbal conflict"],
    [4, "material conflict"],
  ];
  const MODALITIES = ["actual", "anticipated", "negated", "hypothetical"];

  // ---------------------------------------------------------------------------------------------- DOM helpers
  function fill(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function setAttrs(el, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k === "className" ? "class" : k, v === true ? "" : String(v));
    }
    return el;
  }

  function h(tag, attrs, ...children) {
    return fill(setAttrs(document.createElement(tag), attrs), children);
  }

  function replace(el, ...children) {
    el.replaceChildren();
    return fill(el, children);
  }

  function s(tag, attrs, ...children) {
    return fill(setAttrs(document.createElementNS(SVGNS, tag), attrs), children);
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v === null || v === undefined || v === "" || v === false) continue;
      q.set(k, v === true ? "true" : String(v));
    }
    return q.toString();
  }

  function href(path, params) {
    const q = query(params);
    return q ? `${path}?${q}` : path;
  }

  function safeUrl(url) {
    try {
      const u = new URL(String(url));
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  async function api(path, params, options) {
    const response = await fetch(params ? href(path, params) : path, {
      headers: { Accept: "application/json", ...(options && options.body ? { "Content-Type": "application/json" } : {}) },
      ...(options || {}),
    });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new Error((body && body.error) || `${response.status} ${response.statusText}`);
    }
    return body;
  }

  function errorBox(err) {
    return h("p", { class: "error", role: "alert" }, err && err.message ? err.message : String(err));
  }

  function num(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "—";
    if (digits === undefined) return String(value);
    const text = Number(value).toFixed(digits);
    return Number(text) === 0 ? (0).toFixed(digits) : text; // never "-0.0"
  }

  const params = () => new URLSearchParams(window.location.search);

  function setUrl(newParams) {
    window.history.replaceState(null, "", href(window.location.pathname, newParams));
  }

  // ---------------------------------------------------------------------------------------------- small pieces
  function actorLink(code, name) {
    if (!code && !name) return h("span", { class: "muted" }, "—");
    const label = [name || code];
    if (code && name && name !== code) label.push(" ", h("small", { class: "code" }, code));
    return code ? h("a", { href: href("/actor", { code }), class: "actor" }, label) : h("span", {}, label);
  }

  function quadBadge(q) {
    const quad = QUADS[q - 1];
    return quad ? h("span", { class: `badge q${q}`, title: quad[1] }, `Q${q}`) : h("span", { class: "muted" }, "—");
  }

  function evidenceHref(articleId, mentionId) {
    return href("/article", { id: articleId, mention: mentionId });
  }

  function eventType(row) {
    return h("span", { class: "type" }, h("span", { class: "code" }, row.cameo || ""), " ", row.cameo_name || "");
  }

  function quadBar(row, width) {
    // a small horizontal bar of the events per QuadClass
    const total = QUADS.reduce((t, [q]) => t + (row[`quad${q}`] || 0), 0);
    const bar = s("svg", { width, height: 10, class: "quadbar", role: "img",
      "aria-label": QUADS.map(([q, name]) => `${row[`quad${q}`] || 0} ${name}`).join(", ") });
    let x = 0;
    for (const [q, name] of QUADS) {
      const w = total ? ((row[`quad${q}`] || 0) / total) * width : 0;
      if (w > 0) bar.append(s("rect", { x, y: 0, width: w, height: 10, class: `q${q}` }, s("title", {}, `${row[`quad${q}`]} ${name}`)));
      x += w;
    }
    return bar;
  }

  function table(columns, rows, options) {
    // columns: [{label, render(row), sort?, class?}]
    const opts = options || {};
    const head = h("tr", {}, columns.map((c) => {
      if (!c.sort || !opts.sortHref) return h("th", { scope: "col", class: c.class }, c.label);
      const active = opts.sort === c.sort;
      const nextOrder = active && opts.order === "desc" ? "asc" : "desc";
      const arrow = active ? (opts.order === "desc" ? " ▼" : " ▲") : h("span", { class: "muted" }, " ↕");
      return h("th", { scope: "col", class: c.class, "aria-sort": active ? (opts.order === "desc" ? "descending" : "ascending") : null },
        h("a", { href: opts.sortHref(c.sort, nextOrder), class: "sort" }, c.label, arrow));
    }));
    const body = h("tbody", {}, rows.map((row) => h("tr", opts.rowAttrs ? opts.rowAttrs(row) : {},
      columns.map((c) => h("td", { class: c.class }, c.render(row))))));
    return h("table", { class: opts.class || "data" }, h("thead", {}, head), body);
  }

  // Split `text` (which starts at `base` in the article) into runs, each with the classes of the spans covering it.
  // spans: [{start, end, cls, mention?}] with article offsets.
  function highlight(text, base, spans, onClick) {
    const cuts = new Set([0, text.length]);
    for (const sp of spans) {
      for (const x of [sp.start - base, sp.end - base]) if (x > 0 && x < text.length) cuts.add(x);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((sp) => sp.start - base <= a && sp.end - base >= b);
      if (!covering.length) {
        out.push(document.createTextNode(piece));
        continue;
      }
      const classes = [...new Set(covering.map((sp) => sp.cls))];
      const marked = classes.some((c) => ["trigger", "source", "target"].includes(c));
      const el = h(marked ? "mark" : "span", { class: classes.join(" ") }, piece);
      const mention = covering.find((sp) => sp.mention !== undefined);
      if (mention && onClick) {
        el.dataset.mention = String(mention.mention);
        el.addEventListener("click", () => onClick(mention.mention));
      }
      out.push(el);
    }
    return out;
  }

  function evidenceSpans(evidence) {
    const spans = [];
    for (const role of ["source", "target", "trigger"]) {
      const span = evidence && evidence[role];
      if (span) spans.push({ start: span[0], end: span[1], cls: role });
    }
    return spans;
  }

  function legend() {
    return h("p", { class: "legend" }, "Evidence: ", h("mark", { class: "source" }, "source"), " ",
      h("mark", { class: "trigger" }, "trigger"), " ", h("mark", { class: "target" }, "target"));
  }

  // ---------------------------------------------------------------------------------------------- article view
  // doc: {text, mentions: [{mention_id, text, trigger, cameo, cameo_name, quad_class, goldstein, modality, date,
  //       source_code, source_name, target_code, target_name, event_id, evidence: {sentence, trigger, source, target}}],
  //       entities, quotes, amounts}
  function articleView(container, doc, selected) {
    const text = doc.text || "";
    const mentions = doc.mentions || [];
    let current = selected;

    const evidenceBox = h("section", { id: "evidence", class: "evidence", "aria-label": "evidence" });
    const textBox = h("div", { class: "article-text", id: "article-text" });
    const eventList = h("ol", { class: "event-list" });

    function select(i, scroll) {
      current = i;
      if (doc.onSelect) doc.onSelect(mentions[i]);
      render(scroll);
    }

    function render(scroll) {
      // evidence of the selected mention
      replace(evidenceBox);
      const m = mentions[current];
      if (m && m.evidence && m.evidence.sentence) {
        const [a, b] = m.evidence.sentence;
        fill(evidenceBox, [
          h("h2", {}, "Evidence"),
          h("p", { class: "event-summary" }, quadBadge(m.quad_class), " ", eventType(m), " · ",
            actorLink(m.source_code, m.source_name), " → ", actorLink(m.target_code, m.target_name), " · ",
            h("span", { class: `modality ${m.modality}` }, m.modality || ""), m.date ? ` · ${m.date}` : "",
            m.goldstein !== undefined && m.goldstein !== null ? ` · Goldstein ${num(m.goldstein, 1)}` : ""),
          h("blockquote", { class: "sentence" }, highlight(text.slice(a, b), a, evidenceSpans(m.evidence))),
          legend(),
          m.evidence.trigger ? null : h("p", { class: "muted" }, `trigger “${m.trigger || ""}” not found in the sentence`),
        ]);
      } else if (mentions.length) {
        fill(evidenceBox, [h("p", { class: "muted" }, "Select an event to see its evidence.")]);
      } else {
        fill(evidenceBox, [h("p", { class: "muted" }, "No events were coded in this text.")]);
      }
      // the full text: every event sentence underlined, the selected one with its evidence marked
      const spans = [];
      mentions.forEach((mention, i) => {
        const ev = mention.evidence;
        if (!ev || !ev.sentence) return;
        spans.push({ start: ev.sentence[0], end: ev.sentence[1], cls: i === current ? "ev-sentence selected" : "ev-sentence", mention: i });
        if (i === current) spans.push(...evidenceSpans(ev));
        else if (ev.trigger) spans.push({ start: ev.trigger[0], end: ev.trigger[1], cls: "other-trigger", mention: i });
      });
      replace(textBox, ...highlight(text, 0, spans, (i) => select(i, false)));
      // the list of events
      replace(eventList, ...mentions.map((mention, i) => h("li", { class: i === current ? "current" : null },
        h("button", { type: "button", class: "linklike", "aria-current": i === current ? "true" : null, onclick: () => select(i, true) },
          quadBadge(mention.quad_class), " ", mention.cameo_name || mention.cameo || "event"),
        h("div", { class: "small" }, mention.source_name || mention.source_code || "—", " → ",
          mention.target_name || mention.target_code || "—", mention.modality && mention.modality !== "actual" ? ` (${mention.modality})` : ""))));
      if (scroll) {
        const el = textBox.querySelector(".selected");
        if (el) el.scrollIntoView({ block: "center" });
      }
    }

    const facts = h("aside", { class: "facts" }, h("h2", {}, `Events (${mentions.length})`), eventList);
    const entities = doc.entities || [];
    if (entities.length) {
      facts.append(h("h2", {}, "Actors and places"), h("ul", { class: "entities" }, entities.map((e) =>
        h("li", {}, e.code ? actorLink(e.code, e.name) : e.name, " ", h("span", { class: "muted small" }, [e.type, e.role].filter(Boolean).join(", "))))));
    }
    const quotes = doc.quotes || [];
    if (quotes.length) {
      facts.append(h("h2", {}, "Quotes"), h("ul", { class: "quotes" }, quotes.map((q) =>
        h("li", {}, h("q", {}, q.text || ""), q.speaker ? h("span", { class: "small" }, " — ", q.speaker) : null))));
    }
    const amounts = doc.amounts || [];
    if (amounts.length) {
      facts.append(h("h2", {}, "Amounts"), h("ul", { class: "amounts" }, amounts.map((a) =>
        h("li", {}, a.text || "", a.kind ? h("span", { class: "muted small" }, ` ${a.kind}`) : null))));
    }
    container.append(h("div", { class: "article-layout" },
      h("div", { class: "article-main" }, evidenceBox, h("h2", {}, "Text"), textBox), facts));
    render(current !== null && current !== undefined);
  }

  // ---------------------------------------------------------------------------------------------- pages
  const PAGES = {};

  PAGES.home = async (main) => {
    const [info, dyads, actors] = await Promise.all([
      api("/api/info"), api("/api/dyads", { limit: 15 }), api("/api/actors", { limit: 15 }),
    ]);
    const results = h("div", { id: "search-results" });
    const input = h("input", { type: "search", name: "q", id: "q", maxlength: info.limits.max_query_chars, placeholder: "words in an evidence sentence", required: true });
    const form = h("form", { class: "search", role: "search" }, h("label", { for: "q" }, "Search the evidence "), input, " ", h("button", { type: "submit" }, "Search"));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      replace(results, h("p", { class: "muted" }, "Searching…"));
      try {
        const page = await api("/api/search", { q: input.value, limit: 50 });
        replace(results, h("p", {}, `${page.total} sentence${page.total === 1 ? "" : "s"}`),
          h("ul", { class: "search-hits" }, page.items.map((item) => {
            const t = item.text || "";
            const sentence = item.match ? [t.slice(0, item.match[0]), h("mark", { class: "match" }, t.slice(item.match[0], item.match[1])), t.slice(item.match[1])] : [t];
            return h("li", {}, h("a", { href: evidenceHref(item.article_id, item.mention_id) }, sentence),
              h("div", { class: "small muted" }, item.date || "", " · ", item.cameo_name || "", " · ", item.source_code || "—", " → ", item.target_code || "—"));
          })));
      } catch (err) {
        replace(results, errorBox(err));
      }
    });
    const dyadTable = table([
      { label: "Dyad", render: (r) => h("a", { class: "dyad-link", href: href("/dyad", { a: r.source, b: r.target }) }, r.source_name || r.source, " → ", r.target_name || r.target) },
      { label: "Events", class: "num", render: (r) => num(r.events) },
      { label: "QuadClass", render: (r) => quadBar(r, 100) },
      { label: "Goldstein mean", class: "num", render: (r) => num(r.goldstein_mean, 1) },
      { label: "Sources", class: "num", render: (r) => num(r.sources) },
    ], dyads.items, { class: "data", });
    const actorTable = table([
      { label: "Actor", render: (r) => actorLink(r.actor, r.name) },
      { label: "Events", class: "num", render: (r) => num(r.events) },
      { label: "QuadClass", render: (r) => quadBar(r, 100) },
      { label: "Goldstein mean", class: "num", render: (r) => num(r.goldstein_mean, 1) },
    ], actors.items);
    replace(main, 
      h("h1", {}, "diurna"),
      h("p", { class: "lead" }, `${info.articles} articles, ${info.mentions} event reports folded into ${info.events} events`,
        info.first_date ? `, ${info.first_date} to ${info.last_date}` : "", "."),
      form, results,
      h("div", { class: "columns" },
        h("section", {}, h("h2", {}, "Top dyads"), h("p", { class: "muted small" }, "Actual events between two countries; open one to see its timeline."),
          dyads.items.length ? dyadTable : h("p", { class: "muted" }, "No dyads yet.")),
        h("section", {}, h("h2", {}, "Most active actors"), actors.items.length ? actorTable : h("p", { class: "muted" }, "No actors yet."))),
    );
  };

  PAGES.events = async (main) => {
    const p = params();
    const mentions = p.get("show") === "mentions";
    const limit = Math.min(Number(p.get("limit")) || 50, 500);
    const offset = Math.max(Number(p.get("offset")) || 0, 0);
    const sort = p.get("sort") || "";
    const order = p.get("order") === "asc" ? "asc" : "desc";
    const field = (name, label, attrs) => h("label", {}, label, h("input", { name, value: p.get(name) || "", ...(attrs || {}) }));
    const form = h("form", { class: "filters", method: "get", action: "/events" },
      field("actor", "Actor", { placeholder: "code, country or name", maxlength: 100 }),
      field("source", "Source", { placeholder: "dyad source", maxlength: 100 }),
      field("target", "Target", { placeholder: "dyad target", maxlength: 100 }),
      field("cameo", "CAMEO", { placeholder: "04, 042…", pattern: "\\d{1,4}", maxlength: 4 }),
      field("plover", "PLOVER", { placeholder: "CONSULT…", maxlength: 100 }),
      field("since", "Since", { type: "date" }),
      field("until", "Until", { type: "date" }),
      h("label", {}, "Modality", h("select", { name: "modality" }, h("option", { value: "" }, "any"),
        MODALITIES.map((m) => h("option", { value: m, selected: p.get("modality") === m }, m)))),
      h("label", {}, "Show", h("select", { name: "show" }, h("option", { value: "events" }, "events"),
        h("option", { value: "mentions", selected: mentions }, "mentions (reports)"))),
      h("button", { type: "submit" }, "Filter"));
    replace(main, h("h1", {}, mentions ? "Mentions" : "Events"), form, h("p", { class: "muted" }, "Loading…"));
    const source = (p.get("source") || "").trim();
    const target = (p.get("target") || "").trim();
    if (!!source !== !!target) {
      main.lastChild.replaceWith(errorBox(new Error("A dyad needs both a source and a target.")));
      return;
    }
    const filters = {
      actor: p.get("actor"), dyad: source ? `${source},${target}` : null, cameo: p.get("cameo"), plover: p.get("plover"),
      since: p.get("since"), until: p.get("until"), modality: p.get("modality"),
    };
    let page;
    try {
      page = await api(mentions ? "/api/mentions" : "/api/events", { ...filters, limit, offset, sort, order });
    } catch (err) {
      main.lastChild.replaceWith(errorBox(err));
      return;
    }
    const base = Object.fromEntries([...p.entries()].filter(([, v]) => v !== ""));
    const sortHref = (col, ord) => href("/events", { ...base, sort: col, order: ord, offset: 0 });
    const evidence = (r) => mentions ? evidenceHref(r.article_id, r.mention_id) : evidenceHref(r.rep_article_id, r.rep_mention_id);
    const columns = [
      { label: "Date", sort: "date", class: "nowrap", render: (r) => r.date || (r.article_date ? `(${r.article_date})` : "—") },
      { label: "Type", sort: "cameo", render: (r) => [quadBadge(r.quad_class), " ", eventType(r)] },
      { label: "Source", sort: "source_code", render: (r) => actorLink(r.source_code, r.source_name) },
      { label: "Target", sort: "target_code", render: (r) => actorLink(r.target_code, r.target_name) },
      mentions ? { label: "Trigger", sort: "trigger", render: (r) => r.trigger || "" } : { label: "Place", sort: "location_name", render: (r) => r.location_name || "" },
      { label: "Modality", sort: "modality", render: (r) => h("span", { class: `modality ${r.modality}` }, r.modality || "") },
      { label: "Goldstein", sort: "goldstein", class: "num", render: (r) => num(r.goldstein, 1) },
      mentions ? null : { label: "Reports", sort: "num_mentions", class: "num", render: (r) => num(r.num_mentions) },
      mentions ? null : { label: "Sources", sort: "num_sources", class: "num", render: (r) => num(r.num_sources) },
      { label: "", class: "nowrap", render: (r) => h("a", { class: "evidence-link", href: evidence(r) }, "evidence →") },
    ].filter(Boolean);
    const pager = h("nav", { class: "pager", "aria-label": "pages" },
      offset > 0 ? h("a", { href: href("/events", { ...base, offset: Math.max(0, offset - limit) }), rel: "prev" }, "← previous") : h("span", { class: "muted" }, "← previous"),
      ` rows ${page.total ? offset + 1 : 0}–${offset + page.items.length} of ${page.total} `,
      offset + limit < page.total ? h("a", { href: href("/events", { ...base, offset: offset + limit }), rel: "next" }, "next →") : h("span", { class: "muted" }, "next →"));
    main.lastChild.replaceWith(h("div", {}, pager,
      page.items.length ? table(columns, page.items, { sortHref, sort, order, class: "data events" }) : h("p", { class: "muted" }, "Nothing matches these filters."),
      page.items.length > 15 ? pager.cloneNode(true) : null));
  };

  PAGES.article = async (main) => {
    const p = params();
    const id = p.get("id");
    if (!id) {
      replace(main, h("h1", {}, "Article"), h("p", {}, "Open an article from an event: ", h("a", { href: "/events" }, "the events"), "."));
      return;
    }
    const data = await api(`/api/articles/${encodeURIComponent(id)}`);
    const art = data.article;
    const wanted = p.get("mention");
    let selected = data.mentions.findIndex((m) => m.mention_id === wanted);
    if (selected < 0) selected = wanted === null && data.mentions.length ? 0 : null;
    const url = safeUrl(art.url);
    replace(main, 
      h("h1", {}, art.title || art.id),
      h("p", { class: "meta" }, [art.date, art.source || art.publisher, art.author ? `by ${art.author}` : null, art.dateline_place ? `dateline ${art.dateline_place}` : null].filter(Boolean).join(" · "),
        url ? [" · ", h("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")] : null,
        " · ", h("span", { class: "code" }, art.id)),
      art.skipped ? h("p", { class: "warning" }, `Not coded: ${art.skipped}`) : null,
    );
    articleView(main, {
      text: art.text, mentions: data.mentions, entities: data.entities, quotes: data.quotes, amounts: data.amounts,
      onSelect: (m) => setUrl({ id, mention: m.mention_id }),
    }, selected);
  };

  function seriesChart(periods, onPick) {
    const W = 860;
    const H = 300;
    const M = { left: 44, right: 48, top: 30, bottom: 52 };
    const iw = W - M.left - M.right;
    const ih = H - M.top - M.bottom;
    const n = periods.length;
    const maxEvents = Math.max(1, ...periods.map((r) => r.events));
    const step = iw / Math.max(n, 1);
    const bw = Math.max(2, Math.min(48, step * 0.7));
    const y = (v) => M.top + ih - (v / maxEvents) * ih;
    const gy = (v) => M.top + ih / 2 - (v / 10) * (ih / 2);
    const x = (i) => M.left + step * i + step / 2;
    const chart = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "group", "aria-label": "events per period by QuadClass, with the mean Goldstein score" });
    // axes and grid
    const ticks = [...new Set([0, Math.ceil(maxEvents / 2), maxEvents])];
    for (const t of ticks) {
      chart.append(s("line", { x1: M.left, x2: M.left + iw, y1: y(t), y2: y(t), class: "grid" }),
        s("text", { x: M.left - 6, y: y(t) + 4, class: "axis", "text-anchor": "end" }, String(t)));
    }
    for (const g of [-10, 0, 10]) {
      chart.append(s("text", { x: M.left + iw + 6, y: gy(g) + 4, class: "axis goldstein-axis" }, (g > 0 ? "+" : "") + g));
    }
    chart.append(s("line", { x1: M.left, x2: M.left + iw, y1: gy(0), y2: gy(0), class: "zero" }),
      s("text", { x: M.left - 6, y: 14, class: "axis", "text-anchor": "end" }, "events"),
      s("text", { x: W - 4, y: 14, class: "axis goldstein-axis", "text-anchor": "end" }, "Goldstein"));
    const every = Math.max(1, Math.ceil(n / 14));
    periods.forEach((r, i) => {
      const g = s("g", { class: "period", tabindex: 0, role: "button", "data-period": r.period_label,
        "aria-label": `${r.period_label}: ${r.events} events, mean Goldstein ${num(r.goldstein_mean, 1)}` });
      g.append(s("title", {}, `${r.period_label}: ${r.events} events (${QUADS.map(([q, name]) => `${r[`quad${q}`]} ${name}`).join(", ")}); Goldstein sum ${num(r.goldstein_sum, 1)}, mean ${num(r.goldstein_mean, 1)}; ${r.sources} sources`));
      g.append(s("rect", { x: x(i) - step / 2, y: M.top, width: step, height: ih, class: "hit" }));
      let top = y(0);
      for (const [q] of QUADS) {
        const v = r[`quad${q}`] || 0;
        if (!v) continue;
        const h2 = (v / maxEvents) * ih;
        top -= h2;
        g.append(s("rect", { x: x(i) - bw / 2, y: top, width: bw, height: h2, class: `q${q}` }));
      }
      if (i % every === 0) {
        g.append(s("text", { x: x(i), y: M.top + ih + 16, class: "axis label", "text-anchor": "middle" }, r.period_label));
      }
      g.addEventListener("click", () => onPick(r, g));
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          onPick(r, g);
        }
      });
      chart.append(g);
    });
    // the Goldstein line (mean per period; broken where a period has no event)
    let d = "";
    let pen = false;
    periods.forEach((r, i) => {
      const v = r.goldstein_mean;
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${gy(v).toFixed(1)}`;
      pen = true;
    });
    if (d) chart.append(s("path", { d, class: "goldstein" }));
    periods.forEach((r, i) => {
      if (r.goldstein_mean !== null && r.goldstein_mean !== undefined) {
        chart.append(s("circle", { cx: x(i), cy: gy(r.goldstein_mean), r: 3, class: "goldstein-point" }));
      }
    });
    return chart;
  }

  PAGES.dyad = async (main) => {
    const p = params();
    const a = (p.get("a") || "").trim();
    const b = (p.get("b") || "").trim();
    const by = ["day", "week", "month", "year"].includes(p.get("by")) ? p.get("by") : "month";
    const flags = ["both_directions", "include_self", "include_implied", "include_nonactual"];
    const opts = Object.fromEntries(flags.map((f) => [f, p.get(f) === "true"]));
    const labels = { both_directions: "both directions", include_self: "self-dyads", include_implied: "implied actors", include_nonactual: "non-actual events" };
    const form = h("form", { class: "filters", method: "get", action: "/dyad" },
      h("label", {}, "Source", h("input", { name: "a", value: a, required: true, maxlength: 100, placeholder: "CHL, Chile…" })),
      h("label", {}, "Target", h("input", { name: "b", value: b, required: true, maxlength: 100, placeholder: "BRA, Brazil…" })),
      h("label", {}, "By", h("select", { name: "by" }, ["day", "week", "month", "year"].map((u) => h("option", { value: u, selected: u === by }, u)))),
      flags.map((f) => h("label", { class: "check" }, h("input", { type: "checkbox", name: f, value: "true", checked: opts[f] }), labels[f])),
      h("button", { type: "submit" }, "Show"));
    if (!a || !b) {
      const dyads = await api("/api/dyads", { limit: 20 });
      replace(main, h("h1", {}, "Dyads"), form, h("h2", {}, "Top dyads"),
        h("ul", { class: "dyad-list" }, dyads.items.map((r) => h("li", {},
          h("a", { class: "dyad-link", href: href("/dyad", { a: r.source, b: r.target }) }, r.source_name || r.source, " → ", r.target_name || r.target),
          h("span", { class: "muted" }, ` ${r.events} events`)))));
      return;
    }
    const common = { a, b, by, ...opts };
    const series = await api("/api/dyad", common);
    const periods = series.periods;
    const events = h("section", { id: "period-events", "aria-live": "polite" });
    const title = h("h1", {}, a, opts.both_directions ? " ↔ " : " → ", b);
    if (!periods.length) {
      replace(main, title, form, h("p", { class: "muted" }, "No events for this dyad with these settings."));
      return;
    }
    const total = periods.reduce((t, r) => t + r.events, 0);
    async function pick(row, g) {
      for (const el of main.querySelectorAll("g.period.picked")) el.classList.remove("picked");
      if (g) g.classList.add("picked");
      setUrl({ ...common, period: row.period_label });
      replace(events, h("h2", {}, `${row.period_label}: ${row.events} event${row.events === 1 ? "" : "s"}`), h("p", { class: "muted" }, "Loading…"));
      try {
        const found = await api("/api/dyad/events", { ...common, period: row.period_label, limit: 500 });
        events.lastChild.replaceWith(found.items.length ? table([
          { label: "Date", class: "nowrap", render: (r) => r.date || "—" },
          { label: "Type", render: (r) => [quadBadge(r.quad_class), " ", eventType(r)] },
          { label: "Source → target", render: (r) => [actorLink(r.source_code, r.source_name), " → ", actorLink(r.target_code, r.target_name)] },
          { label: "Goldstein", class: "num", render: (r) => num(r.goldstein, 1) },
          { label: "Reports", class: "num", render: (r) => num(r.num_mentions) },
          { label: "Evidence", render: (r) => h("a", { class: "evidence-link", href: evidenceHref(r.article_id, r.mention_id) }, h("span", { class: "sentence-preview" }, r.sentence || "evidence"), " →") },
        ], found.items, { class: "data period-events" }) : h("p", { class: "muted" }, "No events in this period."));
      } catch (err) {
        events.lastChild.replaceWith(errorBox(err));
      }
    }
    const chart = seriesChart(periods, pick);
    replace(main, title, form,
      h("p", { class: "lead" }, `${total} events in ${periods.length} ${by}${periods.length === 1 ? "" : "s"}. Click a bar to list its events; each links to its evidence.`),
      h("figure", { class: "chart-box" }, chart,
        h("figcaption", { class: "legend" }, QUADS.map(([q, name]) => h("span", { class: "key" }, h("span", { class: `swatch q${q}` }), name)),
          h("span", { class: "key" }, h("span", { class: "swatch line" }), "mean Goldstein (right axis)"))),
      events,
      h("details", {}, h("summary", {}, "The numbers"), table([
        { label: "Period", render: (r) => r.period_label },
        { label: "Events", class: "num", render: (r) => num(r.events) },
        ...QUADS.map(([q, name]) => ({ label: `Q${q}`, class: "num", render: (r) => num(r[`quad${q}`]), title: name })),
        { label: "Goldstein sum", class: "num", render: (r) => num(r.goldstein_sum, 1) },
        { label: "Goldstein mean", class: "num", render: (r) => num(r.goldstein_mean, 1) },
        { label: "Reports", class: "num", render: (r) => num(r.mentions) },
        { label: "Sources", class: "num", render: (r) => num(r.sources) },
      ], periods)));
    const wanted = p.get("period");
    if (wanted) {
      const i = periods.findIndex((r) => r.period_label === wanted);
      if (i >= 0) pick(periods[i], chart.querySelectorAll("g.period")[i]);
    }
  };

  function network(actor, partners) {
    const W = 560;
    const H = 420;
    const cx = W / 2;
    const cy = H / 2;
    const R = 150;
    const maxEvents = Math.max(1, ...partners.map((r) => r.events));
    const graph = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "group", "aria-label": `the partners of ${actor}` });
    const tone = (g) => (g === null || g === undefined ? "neutral" : g > 0.5 ? "coop" : g < -0.5 ? "conflict" : "neutral");
    const nodes = partners.map((r, i) => {
      const angle = (2 * Math.PI * i) / Math.max(partners.length, 1) - Math.PI / 2;
      return { r, x: cx + R * Math.cos(angle), y: cy + R * Math.sin(angle) };
    });
    for (const node of nodes) {
      graph.append(s("line", { x1: cx, y1: cy, x2: node.x, y2: node.y, class: `edge ${tone(node.r.goldstein_mean)}`,
        "stroke-width": (1 + (7 * node.r.events) / maxEvents).toFixed(1) },
      s("title", {}, `${actor} – ${node.r.partner}: ${node.r.events} events (${node.r.outgoing} out, ${node.r.incoming} in), mean Goldstein ${num(node.r.goldstein_mean, 1)}`)));
    }
    for (const node of nodes) {
      const link = s("a", { href: href("/dyad", { a: actor, b: node.r.partner, both_directions: true }), class: "node-link" },
        s("circle", { cx: node.x, cy: node.y, r: 6 + (10 * node.r.events) / maxEvents, class: `node ${tone(node.r.goldstein_mean)}` }),
        s("text", { x: node.x, y: node.y + (node.y >= cy ? 26 : -16), "text-anchor": "middle", class: "node-label" }, node.r.partner),
        s("title", {}, `${node.r.name || node.r.partner}: open the dyad`));
      graph.append(link);
    }
    graph.append(s("circle", { cx, cy, r: 18, class: "node center" }),
      s("text", { x: cx, y: cy + 4, "text-anchor": "middle", class: "node-label center-label" }, actor));
    return graph;
  }

  PAGES.actor = async (main) => {
    const p = params();
    const code = (p.get("code") || "").trim();
    const form = h("form", { class: "filters", method: "get", action: "/actor" },
      h("label", {}, "Actor", h("input", { name: "code", value: code, required: true, maxlength: 100, placeholder: "code, country or name" })),
      h("button", { type: "submit" }, "Show"));
    if (!code) {
      const actors = await api("/api/actors", { limit: 30 });
      replace(main, h("h1", {}, "Actors"), form, table([
        { label: "Actor", render: (r) => actorLink(r.actor, r.name) },
        { label: "Events", class: "num", render: (r) => num(r.events) },
        { label: "As source", class: "num", render: (r) => num(r.as_source) },
        { label: "As target", class: "num", render: (r) => num(r.as_target) },
        { label: "QuadClass", render: (r) => quadBar(r, 100) },
        { label: "Goldstein mean", class: "num", render: (r) => num(r.goldstein_mean, 1) },
      ], actors.items));
      return;
    }
    const partners = await api(`/api/actors/${encodeURIComponent(code)}/partners`, { limit: 16 });
    const items = partners.items;
    replace(main, h("h1", {}, code), form,
      h("p", {}, h("a", { href: href("/events", { actor: code }) }, `All events of ${code} →`)),
      items.length ? h("div", { class: "columns" },
        h("figure", { class: "network-box" }, network(code, items),
          h("figcaption", { class: "legend" }, "Line width: events; colour: mean Goldstein (",
            h("span", { class: "coop-text" }, "cooperation"), ", ", h("span", { class: "conflict-text" }, "conflict"), "). Click a partner for the dyad.")),
        h("section", {}, h("h2", {}, "Partners"), table([
          { label: "Partner", render: (r) => actorLink(r.partner, r.name) },
          { label: "Events", class: "num", render: (r) => num(r.events) },
          { label: "Out / in", class: "num", render: (r) => `${r.outgoing} / ${r.incoming}` },
          { label: "QuadClass", render: (r) => quadBar(r, 80) },
          { label: "Goldstein mean", class: "num", render: (r) => num(r.goldstein_mean, 1) },
          { label: "", render: (r) => h("a", { class: "dyad-link", href: href("/dyad", { a: code, b: r.partner, both_directions: true }) }, "timeline →") },
        ], items))) : h("p", { class: "muted" }, "No events with a partner for this actor."));
  };

  PAGES.code = async (main) => {
    const info = await api("/api/info");
    const max = info.limits.max_text_chars;
    const text = h("textarea", { id: "code-text", name: "text", rows: 12, maxlength: max, required: true,
      placeholder: "Paste a news article here…" });
    const title = h("input", { id: "code-title", name: "title", maxlength: 1000 });
    const date = h("input", { id: "code-date", name: "date", type: "date" });
    const source = h("input", { id: "code-source", name: "source", maxlength: 200 });
    const count = h("span", { class: "muted small" }, `0 / ${max.toLocaleString()} characters`);
    text.addEventListener("input", () => { count.textContent = `${text.value.length.toLocaleString()} / ${max.toLocaleString()} characters`; });
    const out = h("section", { id: "code-result", "aria-live": "polite" });
    const codeButton = h("button", { type: "submit", value: "code" }, "Code");
    const saveButton = h("button", { type: "submit", value: "save", disabled: !info.can_save,
      title: info.can_save ? "code the text and add it to the store" : "this server is read-only" }, "Code and save to the store");
    const form = h("form", { class: "code-form" },
      h("label", { for: "code-text" }, "Article text"), text, count,
      h("div", { class: "row" }, h("label", {}, "Title ", title), h("label", {}, "Date ", date), h("label", {}, "Source ", source)),
      h("div", { class: "row" }, codeButton, saveButton));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const save = ev.submitter === saveButton;
      replace(out, h("p", { class: "muted" }, save ? "Coding and saving…" : "Coding…"));
      codeButton.disabled = true;
      saveButton.disabled = true;
      try {
        const result = await api("/api/code", null, { method: "POST", body: JSON.stringify({
          text: text.value, title: title.value || null, date: date.value || null, source: source.value || null, save }) });
        const mentions = result.events.map((e) => ({
          mention_id: e.id, text: e.text, trigger: e.trigger, cameo: e.cameo, cameo_name: e.cameo_name,
          quad_class: e.quad_class, goldstein: e.goldstein, modality: e.modality, date: e.date,
          source_code: e.source && e.source.code, source_name: e.source && e.source.name,
          target_code: e.target && e.target.code, target_name: e.target && e.target.name, evidence: e.evidence,
        }));
        replace(out, 
          result.saved ? h("p", { class: "saved" }, "Saved as ", h("a", { href: href("/article", { id: result.saved.article_id }) }, result.saved.article_id),
            result.saved.unchanged ? " (already in the store)" : "", ".") : null,
          (result.warnings || []).length ? h("ul", { class: "warning" }, result.warnings.map((w) => h("li", {}, w))) : null);
        articleView(out, { text: result.text, mentions, entities: result.entities, quotes: result.quotes, amounts: result.amounts },
          mentions.length ? 0 : null);
      } catch (err) {
        replace(out, errorBox(err));
      } finally {
        codeButton.disabled = false;
        saveButton.disabled = !info.can_save;
      }
    });
    replace(main, h("h1", {}, "Code a text"),
      h("p", { class: "muted" }, "Paste an article to see the events diurna codes in it, with their evidence. Nothing is saved unless you ask."),
      form, out);
  };

  document.addEventListener("DOMContentLoaded", () => {
    const main = document.getElementById("main");
    const page = PAGES[document.body.dataset.page];
    if (!page) return;
    // data-state tells a reader (and the browser test) that the page has drawn what it loaded, or failed
    page(main).then(() => { document.body.dataset.state = "ready"; }, (err) => {
      replace(main, errorBox(err));
      document.body.dataset.state = "error";
    });
  });
})();
