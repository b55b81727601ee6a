// The public landing page of a store code (区域活码): a small self-contained zh-CN mobile page. It asks for the
// browser's location; when refused (or unavailable) it offers the code's cities. It then shows the chosen store
// with its staff QR (long-press to add) and group QR, and up to 3 other open stores. The script is served
// separately (LANDING_JS) so the page keeps to the console's content security policy (script-src 'self').

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function landingHtml(slug: string, title: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<title>${esc(title)}</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f5f6f8; color: #1f2329; }
  main { max-width: 480px; margin: 0 auto; padding: 20px 16px 40px; }
  h1 { font-size: 20px; margin: 4px 0 16px; text-align: center; }
  .card { background: #fff; border-radius: 12px; padding: 16px; margin-bottom: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
  .muted { color: #8f959e; font-size: 13px; }
  .store-name { font-size: 18px; font-weight: 600; margin: 0 0 6px; }
  .qrs { display: flex; gap: 12px; margin-top: 14px; }
  .qr { flex: 1; text-align: center; }
  .qr img { width: 100%; max-width: 200px; aspect-ratio: 1; border: 1px solid #eee; border-radius: 8px; }
  button, select { font-size: 16px; padding: 10px 14px; border-radius: 8px; border: 1px solid #d0d3d6; background: #fff; }
  button.primary { background: #07c160; border-color: #07c160; color: #fff; width: 100%; }
  .row { display: flex; gap: 8px; margin-top: 10px; }
  .row select { flex: 1; }
  .other { padding: 10px 0; border-top: 1px solid #f0f1f2; cursor: pointer; }
  [hidden] { display: none !important; }
</style>
</head>
<body data-slug="${esc(slug)}">
<main>
  <h1 id="title">${esc(title)}</h1>
  <div class="card" id="status"><span class="muted">正在获取您的位置，以推荐最近的门店…</span></div>
  <div class="card" id="city-card" hidden>
    <div id="city-reason" class="muted">无法获取位置，请选择您所在的城市</div>
    <div class="row"><select id="city" aria-label="城市"></select><button id="city-go">查看门店</button></div>
  </div>
  <div class="card" id="store-card" hidden>
    <p class="store-name" id="store-name"></p>
    <div class="muted" id="store-address"></div>
    <div class="muted" id="store-hours"></div>
    <div class="qrs">
      <div class="qr" id="staff-qr-box"><img id="staff-qr" alt="门店导购二维码"><div class="muted">长按识别，添加门店导购</div></div>
      <div class="qr" id="group-qr-box"><img id="group-qr" alt="门店群二维码"><div class="muted">长按识别，加入门店群</div></div>
    </div>
  </div>
  <div class="card" id="others-card" hidden><div class="muted">附近其他门店</div><div id="others"></div></div>
  <div class="row" id="switch-row" hidden><button id="switch-city">按城市选择门店</button></div>
</main>
<script src="/s-assets/landing.js"></script>
</body>
</html>`;
}

/** The landing page's script; the slug comes from <body data-slug>. */
export const LANDING_JS = `
(function () {
  var api = "/api/public/store-codes/" + encodeURIComponent(document.body.getAttribute("data-slug") || "");
  var $ = function (id) { return document.getElementById(id); };
  var cities = [];
  function show(id, on) { $(id).hidden = !on; }
  function status(text) { $("status").innerHTML = ""; var s = document.createElement("span"); s.className = "muted"; s.textContent = text; $("status").appendChild(s); show("status", !!text); }
  function km(d) { return d == null ? "" : d < 1 ? Math.round(d * 1000) + " 米" : d.toFixed(1) + " 公里"; }
  function askCity(reason) {
    $("city-reason").textContent = reason;
    var sel = $("city"); sel.innerHTML = "";
    cities.forEach(function (c) { var o = document.createElement("option"); o.value = c; o.textContent = c; sel.appendChild(o); });
    show("city-card", true); status("");
  }
  function render(r) {
    show("switch-row", true);
    if (!r.store) {
      show("store-card", false); show("others-card", false);
      askCity(r.reason === "unknown_city" ? "该城市暂无门店，请选择其他城市" : "附近暂无营业中的门店，请选择城市或稍后再试");
      return;
    }
    status(""); show("city-card", false);
    var s = r.store;
    $("store-name").textContent = s.name;
    $("store-address").textContent = [s.city, s.district, s.address].filter(Boolean).join(" ") + (s.distanceKm != null ? " · 距您 " + km(s.distanceKm) : "");
    $("store-hours").textContent = "今日营业 " + s.openHoursToday.map(function (h) { return h.start + "–" + h.end; }).join("，") + (s.phone ? " · 电话 " + s.phone : "");
    show("staff-qr-box", !!s.staffQrUrl); if (s.staffQrUrl) $("staff-qr").src = s.staffQrUrl;
    show("group-qr-box", !!s.groupQrUrl); if (s.groupQrUrl) $("group-qr").src = s.groupQrUrl;
    show("store-card", true);
    var box = $("others"); box.innerHTML = "";
    r.others.forEach(function (o) {
      var d = document.createElement("div"); d.className = "other";
      d.textContent = o.name + (o.distanceKm != null ? "（" + km(o.distanceKm) + "）" : "") + " " + (o.address || "");
      d.onclick = function () { render({ store: o, others: [], reason: r.reason }); window.scrollTo(0, 0); };
      box.appendChild(d);
    });
    show("others-card", r.others.length > 0);
  }
  function route(body) {
    status("正在为您查找门店…");
    return fetch(api + "/route", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (res) { return res.json(); })
      .then(function (r) { if (r.error) throw new Error(r.error.message); render(r); })
      .catch(function () { status("网络异常，请稍后重试"); });
  }
  $("city-go").onclick = function () { if ($("city").value) route({ city: $("city").value }); };
  $("switch-city").onclick = function () { show("store-card", false); show("others-card", false); askCity("请选择您所在的城市"); };
  fetch(api).then(function (res) { return res.json(); }).then(function (info) {
    if (info.error) { status("该活码已停用"); return; }
    cities = info.cities;
    if (!navigator.geolocation) { askCity("无法获取位置，请选择您所在的城市"); return; }
    navigator.geolocation.getCurrentPosition(
      function (p) { route({ lat: p.coords.latitude, lng: p.coords.longitude }); },
      function () { askCity("未获得位置授权，请选择您所在的城市"); },
      { timeout: 8000, maximumAge: 300000 }
    );
  }).catch(function () { status("网络异常，请稍后重试"); });
})();
`;
