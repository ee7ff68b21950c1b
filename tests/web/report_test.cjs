// report.html in headless Chromium (issue 19), driven by playwright-core (npm, pinned in
// web/package-lock.json) with Debian's /usr/bin/chromium. Run by CTest (tests/CMakeLists.txt):
//   node report_test.cjs --landeff BIN --golden DIR --modules build/web/node_modules
// and, to measure (README "report.html"): node report_test.cjs --modules … --measure a.html [b.html …]
//
// Checks, on hand-made golden cases (tests/data/golden, expect.tsv holds the arithmetic):
//  1. the page loads with no request outside the file (every http(s)/other-file request fails the
//     test), no script error, and is usable (window.landeffReport.ready);
//  2. clicking parcel IDL of golden/states on the map shows its state 闲置土地 and its reasons;
//  3. searching the 宗地代码 IDL zooms the map to it (centre and zoom change, the centre lies in
//     IDL) and highlights its row in the 闲置土地 table;
//  4. the park page of P1 of golden/basic shows the hand-computed figures beside the region's;
//  5. a screenshot of the page and of the map is not blank (pixel variance);
//  6. html.map_max_parcels at its boundary (equal: parcels drawn; one less: parks only, and why).
'use strict';
const path = require('path');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
const modules = arg('--modules');
const { chromium } = require(path.resolve(modules, 'playwright-core'));

let failures = 0;
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures++;
}

async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Opens `html` in a fresh page; every request but the file itself is recorded and aborted.
// Returns {page, outside, errors, ms} where ms is the time from navigation to a usable page.
async function open(b, html, viewport) {
  const page = await b.newPage({ viewport: viewport || { width: 1400, height: 1000 } });
  const self = 'file://' + path.resolve(html);
  const outside = [], errors = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === self || url.startsWith(self + '#')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const t0 = Date.now();
  await page.goto(self);
  await page.waitForFunction(() => window.landeffReport && window.landeffReport.ready, null, { timeout: 60000 });
  const ms = Date.now() - t0;
  return { page, outside, errors, ms };
}

// Variance of the grey levels of a PNG (0 for a blank image), computed in the page.
async function variance(page, png) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0, n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const y = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      s += y; s2 += y * y; n++;
    }
    const m = s / n;
    return s2 / n - m * m;
  }, png.toString('base64'));
}

function run(landeff, config, out, formats) {
  execFileSync(landeff, ['run', config, '--out', out, '--quiet', '--formats', formats], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function tests() {
  const landeff = arg('--landeff'), golden = arg('--golden');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'landeff-web-'));
  try {
    run(landeff, path.join(golden, 'states', 'landeff.toml'), path.join(tmp, 'states'), 'geojson,html');
    run(landeff, path.join(golden, 'basic', 'landeff.toml'), path.join(tmp, 'basic'), 'html');
    const b = await browser();
    try {
      // 1. Offline and usable.
      const html = path.join(tmp, 'states', 'report.html');
      const { page, outside, errors, ms } = await open(b, html);
      check(outside.length === 0, 'no request outside the file: ' + JSON.stringify(outside));
      check(errors.length === 0, 'no script error: ' + JSON.stringify(errors));
      check(ms < 10000, 'usable in ' + ms + ' ms');
      check(await page.evaluate(() => !!document.querySelector('#map .leaflet-pane canvas')), 'the map is drawn on a canvas');

      // 2. Click parcel IDL on the map. golden/states: IDL's start was due 2022-01-01 and it has not
      // started; at T = 2024-12-31 that is 2 full years ≥ 1 → idle (expect.tsv), label 闲置土地.
      const where = await page.evaluate(() => {
        const r = window.landeffReport;
        r.map.fitBounds(r.layers.parcel.IDL.getBounds(), { padding: [150, 150], animate: false });
        document.getElementById('map').scrollIntoView();
        const c = r.map.latLngToContainerPoint(r.layers.parcel.IDL.getCenter());
        const box = r.map.getContainer().getBoundingClientRect();
        return { x: box.left + c.x, y: box.top + c.y };
      });
      await page.mouse.click(where.x, where.y);
      const clicked = await page.evaluate(() => ({
        id: document.getElementById('info').dataset.id,
        state: (document.getElementById('info-state') || {}).textContent,
        reasons: (document.getElementById('info-reasons') || {}).textContent,
      }));
      check(clicked.id === 'IDL', 'the click selects IDL: ' + clicked.id);
      check(clicked.state === '闲置土地', 'IDL shows its state 闲置土地: ' + clicked.state);
      // Its reasons are the parcel's `tests` text of the outputs (read from the GeoJSON written beside it).
      const gj = JSON.parse(fs.readFileSync(path.join(tmp, 'states', 'geojson', 'parcels.geojson'), 'utf8'));
      const idl = gj.features.find((f) => f.properties.parcel_id === 'IDL').properties;
      const want = String(idl.tests).split(/\n|；|; /).map((s) => s.trim()).filter(Boolean);
      check(want.length > 0 && want.every((s) => clicked.reasons.includes(s)),
        'IDL shows its reasons ' + JSON.stringify(want) + ' in ' + JSON.stringify(clicked.reasons));
      check(/2022-01-01/.test(clicked.reasons), 'the reasons name the start due date 2022-01-01 (parcels.geojson of the case)');

      // 3. Search the 宗地代码 IDL from the whole city's view.
      await page.evaluate(() => { const r = window.landeffReport; r.map.setView([0, 0], 2, { animate: false }); r.select('park', 'P', {}); });
      const before = await page.evaluate(() => { const m = window.landeffReport.map; return { c: m.getCenter(), z: m.getZoom() }; });
      await page.fill('#q', 'IDL');
      await page.press('#q', 'Enter');
      const after = await page.evaluate(() => {
        const r = window.landeffReport, m = r.map;
        const hl = Array.prototype.map.call(document.querySelectorAll('#t-idle tr.hl'), (tr) => tr.cells[0].textContent);
        return { c: m.getCenter(), z: m.getZoom(), inside: r.layers.parcel.IDL.getBounds().contains(m.getCenter()),
          hl: hl, info: document.getElementById('info').dataset.id };
      });
      check(after.z > before.z, 'search zooms in: ' + before.z + ' → ' + after.z);
      check(after.c.lat !== before.c.lat || after.c.lng !== before.c.lng, 'search moves the centre');
      check(after.inside, 'the new centre lies in IDL');
      check(JSON.stringify(after.hl) === '["IDL"]', 'IDL\'s row of the 闲置土地 table is highlighted: ' + JSON.stringify(after.hl));
      check(after.info === 'IDL', 'the panel shows IDL');

      // 5. Not blank: the page, and the map alone.
      const vPage = await variance(page, await page.screenshot());
      const vMap = await variance(page, await page.locator('#map').screenshot());
      check(vPage > 100, 'page screenshot variance ' + vPage.toFixed(1) + ' > 100');
      check(vMap > 100, 'map screenshot variance ' + vMap.toFixed(1) + ' > 100');
      await page.close();

      // 4. The park page of P1 of golden/basic (tests/data/golden/basic/expect.tsv):
      //   land   A 10000 + B's 10000 m² in P1 = 20000 m² = 30 mu;   region 45000 m² = 67.5 mu
      //   tax    A 30 + B 45 · 10000/15000 = 60 万元;             region 75 + 3 + 10 = 88
      //   亩均税收 60 / 30 = 2.00 万元/亩;                         region 88 / 67.5 = 1.3037… → 1.30
      //   容积率  A's 14000 m² floor / 20000 m² = 0.70;            region 14000 / 45000 = 0.311… → 0.31
      //   建筑系数 A's footprint 4000 / 20000 m² = 0.2 → 20.00%
      //   园区面积 1000 m × 1000 m = 10⁶ m² = 1500 mu → 1,500.00 (thousands separator)
      const basic = await open(b, path.join(tmp, 'basic', 'report.html'));
      check(basic.outside.length === 0 && basic.errors.length === 0, 'golden/basic loads offline without errors');
      await basic.page.click('#park-toc a[data-park="P1"]');
      const figs = await basic.page.evaluate(() => {
        const out = {};
        document.querySelectorAll('.park-page[data-park="P1"] tr[data-field]').forEach((tr) => {
          const p = tr.querySelector('td.park'), r = tr.querySelector('td.region');
          if (p) out[tr.dataset.field] = [p.textContent, r.textContent];
        });
        return out;
      });
      const want4 = { land_mu: ['30.00', '67.50'], tax: ['60.00', '88.00'], mu_tax: ['2.00', '1.30'], far: ['0.70', '0.31'] };
      for (const [f, v] of Object.entries(want4))
        check(JSON.stringify(figs[f]) === JSON.stringify(v), 'P1 page ' + f + ' ' + JSON.stringify(figs[f]) + ' = ' + JSON.stringify(v));
      check(figs.coverage && figs.coverage[0] === '20.00%', 'P1 page coverage ' + JSON.stringify(figs.coverage) + ' = 20.00%');
      check(figs.area_mu && figs.area_mu[0] === '1,500.00', 'P1 page area_mu ' + JSON.stringify(figs.area_mu) + ' = 1,500.00');
      const hash = await basic.page.evaluate(() => location.hash);
      check(hash === '#park/P1', 'the park page has its own address: ' + hash);
      await basic.page.close();

      // 6. The map's parcel limit (html.map_max_parcels) at its boundary: golden/states has 8
      // parcels (parcels.geojson). Limit 8: 8 ≤ 8, every parcel is drawn. Limit 7: 8 > 7, the map
      // shows the park and 批而未供 only, says why, and the search still finds IDL (an idle parcel,
      // kept for the park pages) and zooms to its park P.
      for (const [limit, drawn] of [[8, true], [7, false]]) {
        const dir = path.join(tmp, 'limit' + limit);
        fs.mkdirSync(dir);
        for (const f of fs.readdirSync(path.join(golden, 'states'))) fs.copyFileSync(path.join(golden, 'states', f), path.join(dir, f));
        fs.appendFileSync(path.join(dir, 'landeff.toml'), '\n[html]\nmap_max_parcels = ' + limit + '\n');
        run(landeff, path.join(dir, 'landeff.toml'), path.join(dir, 'o'), 'html');
        const r = await open(b, path.join(dir, 'o', 'report.html'));
        const m = await r.page.evaluate(() => ({
          parcels: Object.keys(window.landeffReport.layers.parcel).length,
          parks: Object.keys(window.landeffReport.layers.park).length,
          note: document.getElementById('map-note').textContent,
        }));
        check(m.parks === 1, 'limit ' + limit + ': park P drawn (' + m.parks + ')');
        if (drawn) {
          check(m.parcels === 8, 'limit 8: all 8 parcels drawn (' + m.parcels + ')');
          check(m.note.includes('全部 8 宗地'), 'limit 8: the note says all 8 are shown: ' + m.note);
        } else {
          check(m.parcels === 0, 'limit 7: no parcel drawn (' + m.parcels + ')');
          check(m.note.includes('宗地数 8 超过设置 html.map_max_parcels（7）'), 'limit 7: the note says why: ' + m.note);
          await r.page.fill('#q', 'IDL');
          await r.page.press('#q', 'Enter');
          const s2 = await r.page.evaluate(() => ({
            info: document.getElementById('info').dataset.id,
            state: (document.getElementById('info-state') || {}).textContent,
            inPark: window.landeffReport.layers.park.P.getBounds().contains(window.landeffReport.map.getCenter()),
          }));
          check(s2.info === 'IDL' && s2.state === '闲置土地' && s2.inPark, 'limit 7: searching IDL shows it and zooms to P: ' + JSON.stringify(s2));
        }
        check(r.outside.length === 0 && r.errors.length === 0, 'limit ' + limit + ': offline, no script error');
        await r.page.close();
      }
    } finally {
      await b.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function measure(files) {
  const b = await browser();
  try {
    for (const f of files) {
      const times = [];
      let outside = 0;
      for (let k = 0; k < 3; k++) {
        const r = await open(b, f);
        times.push(r.ms);
        outside += r.outside.length;
        await r.page.close();
      }
      times.sort((a, c) => a - c);
      console.log(f + ': ' + (fs.statSync(f).size / 1048576).toFixed(2) + ' MiB, usable in ' + times.join(' / ') +
        ' ms (3 loads), requests outside the file: ' + outside);
    }
  } finally {
    await b.close();
  }
}

(async () => {
  const i = process.argv.indexOf('--measure');
  if (i >= 0) await measure(process.argv.slice(i + 1));
  else await tests();
  if (failures) {
    console.log(failures + ' check(s) failed');
    process.exit(1);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
