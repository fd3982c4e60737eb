// taktplan's browser UI: plain JavaScript and SVG, served by `takt serve` (no CDN, no build step).
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const SVG = "http://www.w3.org/2000/svg";
const state = { user: null, view: null, schedule: null, selected: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ""));
  return node;
}

function svg(tag, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body.detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const init = { method: options.method || "GET", headers: {}, credentials: "same-origin" };
  if (options.body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(path, init);
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== "/api/session") showLogin();
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function say(target, text, kind = "ok") {
  const node = $(target);
  node.textContent = text;
  node.className = `message ${kind}`;
}

// --- login and navigation -------------------------------------------------------------

function showLogin() {
  state.user = null;
  for (const view of document.querySelectorAll(".view")) view.hidden = true;
  $("#nav").hidden = true;
  $("#logout").hidden = true;
  $("#who").textContent = "";
  $("#login").hidden = false;
}

async function start() {
  try {
    state.user = await api("/api/me");
  } catch (error) {
    showLogin();
    return;
  }
  $("#login").hidden = true;
  $("#nav").hidden = false;
  $("#logout").hidden = false;
  $("#who").textContent = `${state.user.name} (${state.user.role})`;
  const canPlan = state.user.role !== "viewer";
  for (const button of document.querySelectorAll("button.planner")) button.disabled = !canPlan;
  route();
}

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api("/api/session", { method: "POST", body: { name: form.get("name"), password: form.get("password") } });
    $("#login-error").textContent = "";
    if (!location.hash || location.hash === "#login") location.hash = "#worksheet";
    await start();
  } catch (error) {
    $("#login-error").textContent = error.message;
  }
});

$("#logout").addEventListener("click", async () => {
  await api("/api/session", { method: "DELETE" }).catch(() => null);
  showLogin();
});

function route() {
  if (!state.user) return;
  const [name, query] = (location.hash.slice(1) || "worksheet").split("?");
  const view = ["worksheet", "gantt", "capacity", "availability"].includes(name) ? name : "worksheet";
  state.view = view;
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== view;
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.dataset.view === view);
  const params = new URLSearchParams(query || "");
  ({ worksheet: loadWorksheet, gantt: loadGantt, capacity: loadCapacity, availability: () => openAvailability(params) })[view]();
}
window.addEventListener("hashchange", route);

// --- planning worksheet ------------------------------------------------------------------

const WARNING_MARK = { emergency: "!", exception: "!", attention: "i" };

async function loadWorksheet() {
  const params = new URLSearchParams({ sort: $("#ws-sort").value });
  if ($("#ws-search").value) params.set("search", $("#ws-search").value);
  if ($("#ws-action").value) params.set("action", $("#ws-action").value);
  if ($("#ws-warning").value) params.set("warning", $("#ws-warning").value);
  const data = await api(`/api/worksheet?${params}`);
  state.lines = data.lines;
  $("#ws-count").textContent = `${data.total} lines, ${data.accepted} accepted`;
  const body = $("#ws-table tbody");
  body.replaceChildren();
  let group = null;
  const canPlan = state.user.role !== "viewer";
  for (const line of data.lines) {
    const place = `${line.item}${line.variant ? " / " + line.variant : ""}${line.location ? " at " + line.location : ""}`;
    if (place !== group && $("#ws-sort").value === "item") {
      group = place;
      const count = data.lines.filter((l) => l.item === line.item && l.location === line.location && l.variant === line.variant).length;
      body.append(el("tr", { class: "group" }, el("td", { colspan: 12 },
        el("a", { class: "item-link", href: `#availability?item=${encodeURIComponent(line.item)}&location=${encodeURIComponent(line.location)}` }, place),
        ` (${count})`)));
    }
    const box = el("input", { type: "checkbox", "aria-label": `accept line ${line.line_no}` });
    box.checked = line.accepted;
    box.disabled = !canPlan;
    box.addEventListener("change", () => accept([line.line_no], box.checked));
    const warning = line.warning
      ? el("span", { class: `warn ${line.warning}`, title: `${line.warning}: ${line.warning_text}` }, WARNING_MARK[line.warning])
      : "";
    const changedDate = line.original_due_date && line.original_due_date !== line.due_date;
    const changedQty = line.original_qty !== null && line.original_qty !== line.qty;
    const why = el("details", { class: "explain" }, el("summary", {}, "explain"),
      el("ol", {}, ...line.explanation.map((text) => el("li", {}, text))));
    const peg = el("a", { class: "peg", title: "pegging" }, "peg");
    peg.addEventListener("click", () => showPegging(line.ref || line.supply_id || `line ${line.line_no}`, line));
    body.append(el("tr", { "data-line": line.line_no },
      el("td", {}, box),
      el("td", { class: "num" }, line.line_no),
      el("td", {}, line.action_label),
      el("td", {}, warning),
      el("td", {}, line.replenishment),
      el("td", {}, line.ref || ""),
      el("td", { class: changedDate ? "old" : "" }, line.original_due_date || ""),
      el("td", { class: changedDate ? "changed" : "" }, line.due_date),
      el("td", { class: "num " + (changedQty ? "old" : "") }, line.original_qty ?? ""),
      el("td", { class: "num " + (changedQty ? "changed" : "") }, line.qty),
      el("td", {}, line.starting_date),
      el("td", {}, why, " ", peg)));
  }
}

async function accept(lines, value) {
  try {
    await api("/api/worksheet/accept", { method: "POST", body: { lines, accept: value } });
    await loadWorksheet();
  } catch (error) {
    say("#ws-message", error.message, "error");
  }
}

$("#accept-all").addEventListener("click", () => {
  const lines = (state.lines || []).map((line) => line.line_no);
  if (lines.length) accept(lines, true);
});

$("#carry-out").addEventListener("click", async () => {
  try {
    const done = await api("/api/worksheet/carry-out", { method: "POST", body: {} });
    const orders = done.carried_out.map((row) => `${row.order_type} ${row.order}`).join(", ");
    say("#ws-message", done.count ? `Carried out ${done.count} lines: ${orders}` : "No accepted lines to carry out");
    await loadWorksheet();
  } catch (error) {
    say("#ws-message", `${error.status === 409 ? "Conflict: " : ""}${error.message}`, "error");
  }
});

for (const id of ["#ws-action", "#ws-warning", "#ws-sort"]) $(id).addEventListener("change", loadWorksheet);
$("#ws-search").addEventListener("input", () => { clearTimeout(state.searchTimer); state.searchTimer = setTimeout(loadWorksheet, 250); });

$("#run-plan").addEventListener("click", async () => {
  const body = {};
  if ($("#plan-start").value) body.start = $("#plan-start").value;
  if ($("#plan-end").value) body.end = $("#plan-end").value;
  try {
    let job = await api("/api/plans", { method: "POST", body });
    $("#run-plan").disabled = true;
    while (job.state === "queued" || job.state === "running") {
      $("#plan-progress").textContent = `planning… ${job.done}${job.total ? " of " + job.total : ""} SKUs`;
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = await api(`/api/plans/${job.id}`);
    }
    if (job.state === "done") {
      $("#plan-progress").textContent = `plan ${job.run_id} done: ${job.lines} lines, ${job.errors} errors`;
    } else {
      $("#plan-progress").textContent = `plan failed: ${job.error}`;
    }
    await loadWorksheet();
  } catch (error) {
    $("#plan-progress").textContent = error.message;
  } finally {
    $("#run-plan").disabled = false;
  }
});

async function showPegging(document_, line) {
  $("#peg-doc").textContent = document_;
  const tree = $("#peg-tree");
  tree.replaceChildren();
  $("#pegging").hidden = false;
  try {
    const data = await api(`/api/pegging/${encodeURIComponent(document_)}`);
    const render = (nodes) => el("ul", {}, ...nodes.map((node) => el("li", {},
      `${node.node === "demand" ? "▲" : "▼"} ${node.type} ${node.id} — ${node.qty} ${node.item}${node.location ? " at " + node.location : ""}` +
      (node.line_no ? ` (line ${node.line_no}, ${node.action})` : ""),
      node.children.length ? render(node.children) : "")));
    if (data.up.length) tree.append(el("h3", {}, "What it serves"), render(data.up));
    if (data.down.length) tree.append(el("h3", {}, "What serves it"), render(data.down));
  } catch (error) {
    tree.append(el("p", { class: "error" }, error.message));
  }
}
$("#peg-close").addEventListener("click", () => { $("#pegging").hidden = true; });

// --- Gantt chart ---------------------------------------------------------------------------

const ROW = 34;
const LEFT = 90;
const TOP = 30;

function colour(index) {
  return `hsl(${(index * 67) % 360}, 55%, 58%)`;
}

function stampOf(minute, origin) {
  const days = Math.floor((minute - origin.minute) / 1440);
  const date = new Date(origin.date + "T00:00:00Z");
  date.setUTCDate(date.getUTCDate() + days);
  const inDay = minute - origin.minute - days * 1440;
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.toISOString().slice(0, 10)}T${pad(Math.floor(inDay / 60))}:${pad(inDay % 60)}`;
}

async function loadGantt() {
  try {
    state.schedule = await api("/api/schedule");
  } catch (error) {
    $("#gantt-chart").replaceChildren(el("p", { class: "error" }, error.message));
    return;
  }
  drawGantt();
}

function drawGantt() {
  const data = state.schedule;
  const perMinute = $("#gantt-zoom").value === "day" ? 1.2 : 0.16;
  const origin = data.origin;
  const width = LEFT + data.days * 1440 * perMinute + 20;
  const rows = data.resources.map((r) => r.code);
  const height = TOP + rows.length * ROW + 10;
  const x = (minute) => LEFT + (minute - origin.minute) * perMinute;
  const chart = svg("svg", { width, height, id: "gantt-svg", "data-per-minute": perMinute });
  // Non-working time of each center, then day lines and labels.
  data.resources.forEach((resource, row) => {
    const y = TOP + row * ROW;
    svg("rect", { x: LEFT, y, width: width - LEFT, height: ROW, class: "nonworking" }, chart);
    for (const [begin, end] of resource.working) {
      svg("rect", { x: x(begin), y, width: (end - begin) * perMinute, height: ROW, fill: "#fff" }, chart);
    }
    svg("line", { x1: 0, x2: width, y1: y + ROW, y2: y + ROW, class: "grid-line" }, chart);
    const label = svg("text", { x: 6, y: y + ROW / 2 + 4 }, chart);
    label.textContent = resource.code;
  });
  for (let day = 0; day < data.days; day++) {
    const left = x(origin.minute + day * 1440);
    svg("line", { x1: left, x2: left, y1: 0, y2: height, class: "grid-line" }, chart);
    const label = svg("text", { x: left + 4, y: 14 }, chart);
    label.textContent = stampOf(origin.minute + day * 1440, origin).slice(0, 10);
    if (perMinute >= 1) {
      for (let hour = 6; hour <= 22; hour += 2) {
        const tick = svg("text", { x: x(origin.minute + day * 1440 + hour * 60) - 6, y: 26, "font-size": 9, fill: "#7a8896" }, chart);
        tick.textContent = `${hour}h`;
      }
    }
  }
  // Operations: changeover hatched before the bar; late orders outlined red; shortages marked.
  const legend = $("#gantt-legend");
  legend.replaceChildren();
  for (const order of data.orders) {
    legend.append(el("span", { title: `${order.item} ${order.qty}, ending date ${order.ending_date}` },
      el("span", { class: "swatch", style: `background:${colour(order.colour)}` }),
      `${order.order} ${order.item}${order.late ? " (late)" : ""}`));
    order.operations.forEach((op) => {
      const row = rows.indexOf(op.resource);
      const y = TOP + row * ROW + 5;
      const group = svg("g", {
        class: `op${order.late ? " late" : ""}${state.selected === order.order ? " selected" : ""}`,
        "data-order": order.order, "data-step": op.step, "data-operation": op.operation,
        "data-resource": op.resource, "data-start": op.start, "data-end": op.end,
      }, chart);
      for (const [begin, end] of op.changeover) {
        svg("rect", { x: x(begin), y, width: Math.max((end - begin) * perMinute, 1), height: ROW - 10, fill: "url(#hatch)", stroke: "#888", "stroke-width": 0.5, class: "changeover" }, group);
      }
      const bar = svg("rect", { x: x(op.start_minute), y, width: Math.max((op.end_minute - op.start_minute) * perMinute, 2), height: ROW - 10, rx: 3, fill: colour(order.colour), class: "bar" }, group);
      const title = svg("title", {}, bar);
      title.textContent = `${order.order} op ${op.operation} ${op.description} on ${op.resource}\n${op.start} – ${op.end}` +
        (op.changeover.length ? `\nchangeover before it` : "") +
        (op.material_ready ? `\nmaterial from ${op.material_ready}` : "") +
        (order.late ? `\nLATE: ending date ${order.ending_date}` : "");
      if ((op.end_minute - op.start_minute) * perMinute > 40) {
        const text = svg("text", { x: x(op.start_minute) + 3, y: y + 16, "pointer-events": "none" }, group);
        text.textContent = `${order.order}/${op.operation}`;
      }
      if (op.material_short) {
        svg("path", { d: `M${x(op.start_minute)},${y - 4} l6,0 l-3,6 z`, fill: "#b3261e", class: "shortage" }, group);
      }
      group.addEventListener("pointerdown", (event) => startDrag(event, group, order, op, perMinute, rows));
    });
  }
  // Precedence of the selected order: a line from each operation to the next.
  const chosen = data.orders.find((o) => o.order === state.selected);
  if (chosen) {
    for (let k = 1; k < chosen.operations.length; k++) {
      const a = chosen.operations[k - 1];
      const b = chosen.operations[k];
      svg("line", { x1: x(a.end_minute), y1: TOP + rows.indexOf(a.resource) * ROW + ROW / 2, x2: x(b.start_minute), y2: TOP + rows.indexOf(b.resource) * ROW + ROW / 2, stroke: "#111", "stroke-dasharray": "3 2", class: "precedence" }, chart);
    }
  }
  const defs = svg("defs", {}, chart);
  const pattern = svg("pattern", { id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, defs);
  svg("rect", { width: 6, height: 6, fill: "#f3e3c0" }, pattern);
  svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#b08a3c", "stroke-width": 2 }, pattern);
  chart.insertBefore(defs, chart.firstChild);
  $("#gantt-chart").replaceChildren(chart);
  $("#gantt-status").textContent = `${data.method} schedule from ${data.start}: ${data.orders.length} orders, ` +
    `${data.late.length} late, changeovers ${data.changeover_minutes} min`;
}

function startDrag(event, group, order, op, perMinute, rows) {
  state.selected = order.order;
  if (state.user.role === "viewer") { drawGantt(); return; }
  event.preventDefault();
  const startX = event.clientX;
  const startY = event.clientY;
  group.classList.add("dragging");
  group.setPointerCapture(event.pointerId);
  const move = (e) => group.setAttribute("transform", `translate(${e.clientX - startX},${Math.round((e.clientY - startY) / ROW) * ROW})`);
  const up = async (e) => {
    group.removeEventListener("pointermove", move);
    group.removeEventListener("pointerup", up);
    const dx = e.clientX - startX;
    const rowShift = Math.round((e.clientY - startY) / ROW);
    if (Math.abs(dx) < 3 && rowShift === 0) { drawGantt(); return; }
    const minutes = Math.round(dx / perMinute / 5) * 5;
    const resource = rows[Math.min(Math.max(rows.indexOf(op.resource) + rowShift, 0), rows.length - 1)];
    const target = stampOf(op.start_minute + minutes, state.schedule.origin);
    const body = { order: order.order, step: op.step, start: target, version: state.schedule.version };
    if (resource !== op.resource) body.resource = resource;
    try {
      const done = await api("/api/schedule/moves", { method: "POST", body });
      say("#gantt-message", `Moved ${done.order} operation ${done.operation} to ${done.resource} ${done.start.replace("T", " ")}-${done.end.slice(11)}; saved`);
    } catch (error) {
      say("#gantt-message", `Move refused: ${error.message}`, "error");
    }
    await loadGantt();
  };
  group.addEventListener("pointermove", move);
  group.addEventListener("pointerup", up);
}

$("#gantt-zoom").addEventListener("change", () => state.schedule && drawGantt());
$("#optimise").addEventListener("click", async () => {
  $("#optimise").disabled = true;
  say("#gantt-message", "optimising (up to 10 s)…", "");
  try {
    const done = await api("/api/schedule", { method: "POST", body: { method: "optimise", time_limit: 10 } });
    say("#gantt-message", `Optimised: ${done.orders} orders, ${done.late.length} late, changeovers ${done.changeover_minutes} min`);
    await loadGantt();
  } catch (error) {
    say("#gantt-message", error.message, "error");
  } finally {
    $("#optimise").disabled = false;
  }
});

// --- capacity load ---------------------------------------------------------------------------

async function loadCapacity() {
  const select = $("#cap-center");
  if (!select.options.length) {
    const shop = await api("/api/work-centers");
    for (const code of [...shop.work_centers, ...shop.machine_centers].map((c) => c.code)) select.append(el("option", { value: code }, code));
  }
  const params = new URLSearchParams({ bucket: $("#cap-bucket").value });
  if (select.value) params.set("center", select.value);
  let data;
  try {
    data = await api(`/api/capacity-load?${params}`);
  } catch (error) {
    $("#cap-chart").replaceChildren(el("p", { class: "error" }, error.message));
    return;
  }
  $("#cap-source").textContent = `from the ${data.source}`;
  const rows = data.rows;
  const body = $("#cap-table tbody");
  body.replaceChildren(...rows.map((row) => el("tr", { class: row.overloaded ? "overloaded" : "", "data-period": row.period },
    el("td", {}, row.machine_centers.length ? `${row.resource} (incl. ${row.machine_centers.join(", ")})` : row.resource), el("td", {}, row.period),
    el("td", { class: "num load" }, (row.load_minutes / 60).toFixed(1)),
    el("td", { class: "num available" }, (row.available_minutes / 60).toFixed(1)),
    el("td", { class: "num used" }, row.available_minutes ? row.used_pct : "-"),
    el("td", {}, row.overloaded ? "overloaded" : ""))));
  const barWidth = 26;
  const gap = 18;
  const height = 220;
  const top = Math.max(1, ...rows.map((r) => Math.max(r.load_minutes, r.available_minutes)));
  const width = 50 + rows.length * (2 * barWidth + gap) + 20;
  const chart = svg("svg", { width, height: height + 40, id: "cap-svg" });
  const y = (minutes) => 10 + height - (minutes / top) * height;
  for (let tick = 0; tick <= 4; tick++) {
    const value = (top * tick) / 4;
    svg("line", { x1: 40, x2: width, y1: y(value), y2: y(value), class: "grid-line" }, chart);
    svg("text", { x: 2, y: y(value) + 4 }, chart).textContent = `${(value / 60).toFixed(0)} h`;
  }
  rows.forEach((row, n) => {
    const left = 50 + n * (2 * barWidth + gap);
    svg("rect", { x: left, y: y(row.available_minutes), width: barWidth, height: height + 10 - y(row.available_minutes), fill: "#b9c8da", class: "available" }, chart);
    svg("rect", { x: left + barWidth, y: y(row.load_minutes), width: barWidth, height: height + 10 - y(row.load_minutes), fill: row.overloaded ? "#b3261e" : "#2f6db5", class: "load", "data-minutes": row.load_minutes }, chart);
    svg("text", { x: left, y: height + 26 }, chart).textContent = row.period.slice(5);
  });
  svg("text", { x: width - 210, y: 12 }, chart).textContent = "grey: available   blue: load   red: overloaded";
  $("#cap-chart").replaceChildren(chart);
}
$("#cap-center").addEventListener("change", loadCapacity);
$("#cap-bucket").addEventListener("change", loadCapacity);

// --- item availability -------------------------------------------------------------------------

async function openAvailability(params) {
  if (!$("#av-items").options.length) {
    const items = await api("/api/items?limit=100000");
    $("#av-items").replaceChildren(...items.items.map((i) => el("option", { value: i.no })));
  }
  if (params.get("item")) {
    $("#av-item").value = params.get("item");
    $("#av-location").value = params.get("location") || "";
  }
  if ($("#av-item").value) await loadAvailability();
}

$("#av-form").addEventListener("submit", (event) => { event.preventDefault(); loadAvailability(); });

async function loadAvailability() {
  const params = new URLSearchParams({ location: $("#av-location").value });
  let data;
  try {
    data = await api(`/api/availability/${encodeURIComponent($("#av-item").value)}?${params}`);
  } catch (error) {
    $("#av-chart").replaceChildren(el("p", { class: "error" }, error.message));
    $("#av-table tbody").replaceChildren();
    return;
  }
  $("#av-summary").textContent = `on hand ${data.on_hand}; safety stock ${data.safety_stock}, reorder point ${data.reorder_point}, maximum inventory ${data.max_inventory} (${data.reordering_policy || "not planned"})`;
  $("#av-table tbody").replaceChildren(...data.events.map((e) => el("tr", {},
    el("td", {}, e.date), el("td", {}, e.kind), el("td", {}, e.type), el("td", {}, e.document),
    el("td", { class: "num" }, e.qty), el("td", { class: "num existing" }, e.existing_balance),
    el("td", { class: "num planned" }, e.planned_balance))));
  drawAvailability(data);
}

function drawAvailability(data) {
  const events = data.events;
  const width = 760;
  const height = 260;
  const chart = svg("svg", { width, height: height + 40, id: "av-svg" });
  const days = events.map((e) => Date.parse(e.date));
  const first = events.length ? Math.min(...days) - 86400000 : Date.now();
  const last = events.length ? Math.max(...days) + 86400000 : first + 86400000;
  const values = [Number(data.on_hand), ...events.flatMap((e) => [Number(e.existing_balance), Number(e.planned_balance)]),
    Number(data.safety_stock), Number(data.reorder_point), Number(data.max_inventory), 0];
  const low = Math.min(...values);
  const high = Math.max(...values) || 1;
  const x = (t) => 60 + ((t - first) / (last - first)) * (width - 80);
  const y = (v) => 10 + height - ((v - low) / (high - low || 1)) * height;
  for (let tick = 0; tick <= 4; tick++) {
    const value = low + ((high - low) * tick) / 4;
    svg("line", { x1: 55, x2: width, y1: y(value), y2: y(value), class: "grid-line" }, chart);
    svg("text", { x: 4, y: y(value) + 4 }, chart).textContent = value.toFixed(Number.isInteger(value) ? 0 : 1);
  }
  const step = (key, colourName, dash) => {
    let points = `${x(first)},${y(Number(data.on_hand))}`;
    let current = Number(data.on_hand);
    for (const e of events) {
      const t = Date.parse(e.date);
      points += ` ${x(t)},${y(current)}`;
      current = Number(e[key]);
      points += ` ${x(t)},${y(current)}`;
    }
    points += ` ${x(last)},${y(current)}`;
    svg("polyline", { points, fill: "none", stroke: colourName, "stroke-width": 2, "stroke-dasharray": dash, class: key }, chart);
  };
  const level = (value, colourName, label) => {
    if (!(Number(value) > 0)) return;
    svg("line", { x1: 60, x2: width - 20, y1: y(Number(value)), y2: y(Number(value)), stroke: colourName, "stroke-dasharray": "6 3", class: label.replace(/ /g, "-") }, chart);
    svg("text", { x: width - 160, y: y(Number(value)) - 3, fill: colourName }, chart).textContent = `${label} ${value}`;
  };
  level(data.safety_stock, "#b3261e", "safety stock");
  level(data.reorder_point, "#e8710a", "reorder point");
  level(data.max_inventory, "#1b6e3a", "max inventory");
  svg("line", { x1: 60, x2: width - 20, y1: y(0), y2: y(0), stroke: "#555" }, chart);
  step("existing_balance", "#8a9bb0", "4 3");
  step("planned_balance", "#2f6db5", "");
  for (const t of [...new Set(days)]) {
    svg("text", { x: x(t) - 14, y: height + 28 }, chart).textContent = new Date(t).toISOString().slice(5, 10);
  }
  svg("text", { x: 60, y: 12 }, chart).textContent = "blue: with the worksheet's suggestions   grey dashed: existing supply only";
  $("#av-chart").replaceChildren(chart);
}

start();
