// Opens a relgraph HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) and checks it against the JSON output of the same run.
// Usage: node report.mjs REPORT.html GRAPH.json SCREENSHOT.png [hostile]
// Exits non-zero with a message on the first failed check. Used by tests/integration/browser.rs.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [htmlPath, jsonPath, shotPath, mode] = process.argv.slice(2);
const graph = JSON.parse(readFileSync(jsonPath, "utf8"));
const fail = (msg) => { console.error("FAIL: " + msg); process.exitCode = 1; throw new Error(msg); };
const check = (cond, msg) => { if (!cond) fail(msg); };

const profile = mkdtempSync(join(tmpdir(), "relgraph-chromium-"));
// A fresh, empty profile (--user-data-dir) per run.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.RELGRAPH_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1300, height: 1800 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  let dialogs = 0;
  const errors = [];
  const requests = [];
  page.on("dialog", (d) => { dialogs++; d.dismiss(); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  });
  await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: "load" });
  await page.waitForTimeout(300);

  // Entities shown = nodes of the JSON output, in the same order.
  const entities = await page.$$eval("tr.entity", (rows) => rows.map((r) => ({
    type: r.getAttribute("data-type"),
    name: r.querySelector("td.name").firstChild.textContent,
    mentions: parseInt(r.querySelector("td.mention-count").textContent, 10),
    qid: r.querySelector("td.attrs a.qid")?.getAttribute("href") ?? null,
    attrs: r.querySelector("td.attrs").textContent,
  })));
  check(entities.length === graph.nodes.length, `entities: ${entities.length} shown, ${graph.nodes.length} in JSON`);
  graph.nodes.forEach((n, i) => {
    check(entities[i].name === n.name, `entity ${i}: ${JSON.stringify(entities[i].name)} != ${JSON.stringify(n.name)}`);
    check(entities[i].type === n.type, `entity ${n.name}: type ${entities[i].type} != ${n.type}`);
    check(entities[i].mentions === n.mention_count, `entity ${n.name}: mentions ${entities[i].mentions} != ${n.mention_count}`);
    const qid = n.wikidata ? `https://www.wikidata.org/wiki/${n.wikidata}` : null;
    check(entities[i].qid === qid, `entity ${n.name}: QID link ${entities[i].qid} != ${qid}`);
    for (const o of n.offices ?? []) {
      check(entities[i].attrs.includes(o), `entity ${n.name}: office ${JSON.stringify(o)} not shown`);
    }
  });

  // Relations shown = edges, each with its evidence; the trigger and arguments highlighted.
  const relations = await page.$$eval("article.relation", (arts) => arts.map((a) => ({
    type: a.getAttribute("data-relation"),
    evidence: [...a.querySelectorAll("ol.evidence > li")].map((li) => ({
      sentence: li.querySelector("blockquote").textContent,
      trigger: [...li.querySelectorAll("mark.trigger")].map((m) => m.textContent).join(""),
      args: [...li.querySelectorAll("mark.arg")].map((m) => m.textContent),
      link: li.querySelector("p.meta a").getAttribute("href"),
    })),
  })));
  check(relations.length === graph.edges.length, `relations: ${relations.length} shown, ${graph.edges.length} in JSON`);
  for (const [i, e] of graph.edges.entries()) {
    const r = relations[i];
    check(r.type === e.type, `relation ${i}: ${r.type} != ${e.type}`);
    check(r.evidence.length === e.evidence.length, `relation ${i}: ${r.evidence.length} evidence items != ${e.evidence.length}`);
    e.evidence.forEach((ev, k) => {
      check(r.evidence[k].sentence === ev.sentence, `relation ${i} evidence ${k}: sentence differs`);
      check(r.evidence[k].trigger.length > 0 && ev.trigger.includes(r.evidence[k].trigger.trim().split(/\s+/)[0]),
        `relation ${i} evidence ${k}: highlighted trigger ${JSON.stringify(r.evidence[k].trigger)} vs ${JSON.stringify(ev.trigger)}`);
      check(r.evidence[k].args.length > 0, `relation ${i} evidence ${k}: no argument highlighted`);
    });
  }

  // Each relation with evidence dated by month charts it (inline SVG), counting what the
  // JSON's months count; one without has no chart. The charts are drawn, not just present.
  const charts = await page.$$eval("article.relation", (arts) => arts.map((a) => {
    const svg = a.querySelector("svg.timeline");
    if (!svg) { return null; }
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll("rect.bar")].map((r) => parseInt(r.getAttribute("data-count"), 10));
    return { bars, width: box.width, height: box.height };
  }));
  for (const [i, e] of graph.edges.entries()) {
    const counted = Object.values(e.months || {}).reduce((s, n) => s + n, 0);
    const chart = charts[i];
    check((chart !== null) === counted > 0, `relation ${i}: chart ${chart ? "shown" : "missing"} for ${counted} dated evidence items`);
    if (chart) {
      check(chart.bars.reduce((s, n) => s + n, 0) === counted, `relation ${i}: chart counts ${chart.bars} != months ${JSON.stringify(e.months)}`);
      check(chart.width > 0 && chart.height > 0, `relation ${i}: chart not drawn`);
    }
  }

  // An evidence link leads to the sentence in the document text, where mentions are highlighted.
  if (relations.length > 0) {
    const link = relations[0].evidence[0].link;
    await page.click(`article.relation >> nth=0 >> ol.evidence a[href="${link}"]`);
    const target = await page.evaluate((id) => {
      const el = document.getElementById(id);
      return el && { cls: el.className, text: el.textContent, targeted: el.matches(":target") };
    }, link.slice(1));
    check(target && target.cls === "sent" && target.targeted, `evidence link ${link} does not reach a sentence`);
    check(target.text === graph.edges[0].evidence[0].sentence, "linked sentence text differs from the evidence");
  }
  const docMentions = await page.$$eval("pre.text .m", (m) => m.length);
  const mentions = graph.nodes.reduce((s, n) => s + n.mention_count, 0) + graph.graph.unresolved.length;
  check(docMentions >= mentions, `document text highlights ${docMentions} mentions, JSON has ${mentions}`);

  // The picture's nodes link to the entity index.
  const svgLinks = await page.$$eval("figure svg a", (as) => as.map((a) => a.getAttribute("xlink:href") || a.getAttribute("href")).filter(Boolean));
  const noPicture = await page.$("#no-picture");
  check(noPicture || svgLinks.filter((h) => h.startsWith("#ent-")).length === graph.nodes.length, "graph picture: node links missing");

  // Filters: hiding a type hides its entities and the relations that involve it.
  const types = [...new Set(graph.nodes.map((n) => n.type))];
  const hide = types.includes("PERSON") ? "PERSON" : types[0];
  if (hide) {
    await page.uncheck(`input[data-filter="type"][value="${hide}"]`);
    const visibleRows = await page.$$eval("tr.entity", (rows) => rows.filter((r) => r.offsetParent !== null).length);
    const expectRows = graph.nodes.filter((n) => n.type !== hide).length;
    check(visibleRows === expectRows, `filter ${hide}: ${visibleRows} entity rows visible, expected ${expectRows}`);
    const typeOf = Object.fromEntries(graph.nodes.map((n) => [n.id, n.type]));
    const expectRels = graph.edges.filter((e) => typeOf[e.source] !== hide && typeOf[e.target] !== hide).length;
    const visibleRels = await page.$$eval("article.relation", (a) => a.filter((x) => x.offsetParent !== null).length);
    check(visibleRels === expectRels, `filter ${hide}: ${visibleRels} relations visible, expected ${expectRels}`);
    await page.check(`input[data-filter="type"][value="${hide}"]`);
  }

  // Nothing injected ran, nothing was fetched, our own script and style were allowed.
  const flags = await page.evaluate(() => ({ csp: window.__csp, xss: window.__xss === true, imgs: document.querySelectorAll('img[src="x"]').length, scripts: document.scripts.length }));
  check(dialogs === 0, `a dialog was opened ${dialogs} time(s): injected script ran`);
  check(!flags.xss && flags.imgs === 0, "injected markup became elements");
  check(flags.scripts === 1, `${flags.scripts} script elements (expected only relgraph's own)`);
  check(flags.csp.length === 0, "content security policy violations: " + flags.csp.join("; "));
  check(errors.length === 0, "page errors: " + errors.join("; "));
  check(requests.length === 0, "network requests: " + requests.join(", "));
  if (mode === "hostile") {
    const text = await page.$eval("pre.text", (p) => p.textContent);
    check(text.includes("<script>alert(1)</script>"), "the <script> text is not shown as text");
    const names = await page.$$eval("td.name", (t) => t.map((x) => x.textContent).join("\n"));
    check(names.includes('"><img src=x onerror=alert(1)>'), "the injected name is not shown as text");
  }
  await page.screenshot({ path: shotPath, fullPage: false });
  console.log(JSON.stringify({ entities: entities.length, relations: relations.length, dialogs, screenshot: shotPath }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
