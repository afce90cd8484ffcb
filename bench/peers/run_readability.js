#!/usr/bin/env node
// readability.js (@mozilla/readability on a jsdom document) over the Zyte pages.
// The body is article.textContent, as in the benchmark's own readability_js
// runner. Pages are read and gunzipped before timing starts; the timed part is
// building the jsdom document plus Readability.parse(). Scripts are never run
// (jsdom's default). One untimed extraction of the first page comes first, as in
// the Python runners, so one-time set-up is not charged to the pages.
//
// Usage: node run_readability.js [--zyte DIR] [--out FILE] [--passes N]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { Readability } = require('@mozilla/readability');
const { JSDOM, VirtualConsole } = require('jsdom');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function parseArgs(argv) {
  const args = {
    zyte: path.join(REPO_ROOT, '..', 'shared', 'bench', 'zyte'),
    out: path.join(REPO_ROOT, 'bench', 'out', 'readability_js.json'),
    passes: 1,
  };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--zyte' && v) { args.zyte = v; i++; }
    else if (a === '--out' && v) { args.out = v; i++; }
    else if (a === '--passes' && v) { args.passes = Math.max(1, parseInt(v, 10) || 1); i++; }
    else {
      console.error('usage: run_readability.js [--zyte DIR] [--out FILE] [--passes N]');
      process.exit(2);
    }
  }
  return args;
}

function loadPages(zyte) {
  const truth = JSON.parse(fs.readFileSync(path.join(zyte, 'ground-truth.json'), 'utf8'));
  const dir = path.join(zyte, 'html');
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.html.gz')).sort();
  return names.map((name) => {
    const id = name.slice(0, -'.html.gz'.length);
    const html = zlib.gunzipSync(fs.readFileSync(path.join(dir, name))).toString('utf8');
    const url = (truth[id] && truth[id].url) || 'https://example.invalid/';
    return { id, url, html };
  });
}

// Page scripts' console noise and CSS parse errors would otherwise go to
// stderr; a silent virtual console keeps the run readable and costs nothing.
const quietConsole = new VirtualConsole();

function extractOne(html, url) {
  const dom = new JSDOM(html, { url, virtualConsole: quietConsole });
  try {
    const article = new Readability(dom.window.document).parse();
    return article && typeof article.textContent === 'string' ? article.textContent : '';
  } finally {
    dom.window.close();
  }
}

function timedPass(pages, reportErrors) {
  const output = {};
  let errors = 0;
  let ns = 0n;
  let cpuUs = 0;
  for (const { id, url, html } of pages) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    let body = '';
    try {
      body = extractOne(html, url);
    } catch (err) {
      errors++;
      if (reportErrors) console.error(`readability_js: ${id}: ${err && err.message}`);
    }
    ns += process.hrtime.bigint() - start;
    const c = process.cpuUsage(cpuStart);
    cpuUs += c.user + c.system;
    output[id] = { articleBody: body };
  }
  // CPU time is kept beside wall time because the benchmark machine is shared:
  // under contention wall time also counts time spent waiting for the core.
  return { output, errors, seconds: Number(ns) / 1e9, cpuSeconds: cpuUs / 1e6 };
}

function main() {
  const args = parseArgs(process.argv);
  const pages = loadPages(args.zyte);
  if (pages.length === 0) {
    console.error(`no pages under ${args.zyte}/html`);
    process.exit(1);
  }
  const version = require('@mozilla/readability/package.json').version;
  const jsdomVersion = require('jsdom/package.json').version;

  try { extractOne(pages[0].html, pages[0].url); } catch (_) { /* warm-up only */ }
  const first = timedPass(pages, true);
  const times = [first];
  for (let p = 1; p < args.passes; p++) times.push(timedPass(pages, false));
  // Fastest pass, as `dateline bench extract` reports it: the least disturbed
  // by other work on a shared machine. Wall and CPU minima are taken separately.
  const seconds = Math.min(...times.map((t) => t.seconds));
  const cpuSeconds = Math.min(...times.map((t) => t.cpuSeconds));

  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify({ version, output: first.output }));
  const r = (x, d) => Math.round(x * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({
    peer: 'readability_js',
    version,
    jsdom: jsdomVersion,
    node: process.versions.node,
    pages: pages.length,
    errors: first.errors,
    seconds: r(seconds, 4),
    cpu_seconds: r(cpuSeconds, 4),
    passes: times.map((t) => r(t.seconds, 4)),
    pages_per_s: r(pages.length / seconds, 2),
    ms_per_page: r((1000 * seconds) / pages.length, 3),
    cpu_pages_per_s: r(pages.length / cpuSeconds, 2),
    output: args.out,
  }));
}

main();
