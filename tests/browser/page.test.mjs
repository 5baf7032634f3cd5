// The page in web/ in a real browser: Debian's chromium, driven by playwright-core, served from
// 127.0.0.1. It learns a shipped table and must report the accuracy and download the model bytes
// the native command line gives; it predicts, runs a federated round with a hostile client, and
// stays responsive while it learns 100,000 rows. The screenshot lands in build/wasm/browser/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const wasmBuild = process.env.TMK_WASM_BUILD;        // build/wasm: web/ and js/ staged inside
const nativeBin = process.env.TMK_NATIVE_BIN_DIR;
const dataDir = process.env.TMK_DATA;
const { chromium } = await import(process.env.TMK_PLAYWRIGHT);

const kTypes = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
                 '.txt': 'text/plain' };
let server;
let browser;
let page;
let origin;

// Calls `work(folder)` with a fresh temporary folder, removed after.
function inFolder(work) {
  const folder = mkdtempSync(path.join(tmpdir(), 'tmk-browser-'));
  try {
    return work(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// What the native program writes for `args` on a data file: its model and --summary-json.
function nativeRun(kind, data, args) {
  return inFolder((folder) => {
    execFileSync(path.join(nativeBin, `tinymlkit-${kind}`),
                 ['-d', data, '-f', path.join(folder, 'm.tmk'), '--summary-json', path.join(folder, 's.json'), '--quiet', ...args]);
    return { model: readFileSync(path.join(folder, 'm.tmk')), summary: JSON.parse(readFileSync(path.join(folder, 's.json'))) };
  });
}

before(async () => {
  server = createServer((request, response) => {
    const file = path.join(wasmBuild, path.normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    const served = file.endsWith(path.sep) ? path.join(file, 'index.html') : file;
    try {
      if (!served.startsWith(wasmBuild + path.sep)) throw new Error('outside');
      const body = readFileSync(served);
      response.writeHead(200, { 'content-type': kTypes[path.extname(served)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.TMK_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1100, height: 1400 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/web/`);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Ready'));
  assert.deepEqual(problems, []);
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function learn(kind, options) {
  await page.selectOption('#kind', kind);
  await page.fill('#options', options);
  await page.click('#learn');
  const summary = await page.waitForFunction(() => document.getElementById('status').dataset.summary);
  return JSON.parse(await summary.jsonValue());
}

test('the page learns pima.txt to the CLI\'s accuracy and downloads the CLI\'s model bytes', async () => {
  await page.selectOption('#shipped', 'pima.txt');
  await page.waitForFunction(() => !document.getElementById('learn').disabled);
  const summary = await learn('hoeffding', 'gracePeriod=50 seed=3');
  const cli = nativeRun('hoeffding', path.join(dataDir, 'pima.txt'), ['--grace-period', '50', '--seed', '3']);
  assert.equal(summary.examples, 768);
  assert.equal(summary.accuracy, cli.summary.accuracy);
  assert.equal(summary.accuracy_bound, cli.summary.accuracy_bound);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.deepEqual(readFileSync(await download.path()), cli.model);
  assert.match(await page.textContent('#status'), /accuracy 0\.\d{4} ± 0\.\d{4} \(95%\)/);
});

// The header --export-c and the file --export-onnx write for `kind` learned on `data` with `options`.
function cliExports(kind, data, options) {
  return inFolder((folder) => {
    const program = path.join(nativeBin, `tinymlkit-${kind}`);
    execFileSync(program, ['-d', path.join(dataDir, data), '-f', path.join(folder, 'm.tmk'), '--quiet', ...options]);
    execFileSync(program, ['-i', path.join(folder, 'm.tmk'), '--export-c', path.join(folder, 'm.h'),
                           '--export-onnx', path.join(folder, 'm.onnx')]);
    return { header: readFileSync(path.join(folder, 'm.h'), 'utf8'), onnx: readFileSync(path.join(folder, 'm.onnx')) };
  });
}

async function downloadedExports() {
  const [header] = await Promise.all([page.waitForEvent('download'), page.click('#download-c')]);
  const [onnx] = await Promise.all([page.waitForEvent('download'), page.click('#download-onnx')]);
  return { header: readFileSync(await header.path(), 'utf8'), onnx: readFileSync(await onnx.path()) };
}

test('the page offers the C header and the ONNX file that --export-c and --export-onnx write', async () => {
  await page.selectOption('#shipped', 'boston.txt');
  await page.waitForFunction(() => /^boston\.txt:/.test(document.getElementById('status').textContent));
  await learn('nm', '');
  assert.deepEqual(await downloadedExports(), cliExports('nm', 'boston.txt', []));
  await learn('hoeffding-regressor', 'gracePeriod=50');
  assert.deepEqual(await downloadedExports(), cliExports('hoeffding-regressor', 'boston.txt', ['--grace-period', '50']));
  // The tree on pima, which what follows uses too.
  await page.selectOption('#shipped', 'pima.txt');
  await page.waitForFunction(() => /^pima\.txt:/.test(document.getElementById('status').textContent));
  await learn('hoeffding', 'gracePeriod=50 seed=3');
  assert.deepEqual(await downloadedExports(), cliExports('hoeffding', 'pima.txt', ['--grace-period', '50']));
});

test('the page predicts a second file with the learned model', async () => {
  await page.setInputFiles('#predict-file', path.join(dataDir, 'pima.txt'));
  await page.click('#predict');
  await page.waitForFunction(() => /predictions/.test(document.getElementById('prediction-status').textContent));
  assert.match(await page.textContent('#prediction-status'), /^768 predictions; on the 768 labeled lines, accuracy 0\.\d{4}$/);
  assert.equal((await page.textContent('#predictions')).split('\n').length, 200);
});

test('a federated round excludes the client that sends a corrupt file', async () => {
  await page.selectOption('#attack', 'corrupt');
  await page.click('#federate');
  await page.waitForSelector('#global-score');
  const rows = await page.$$eval('#round tr', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(rows.length, 7);  // a header, five clients, the global model
  assert.match(rows[5], /client 5 \(hostile\).*excluded: client 5: corrupt model file \(checksum mismatch\)/);
  assert.match(rows[6], /global \(median, F = 1\)4 accepted/);
  await page.screenshot({ path: path.join(wasmBuild, 'browser', 'page.png'), fullPage: true });
});

test('a client that learns flipped labels does not carry the median', async () => {
  await page.selectOption('#attack', 'poison');
  await page.click('#federate');
  await page.waitForFunction(() => /accepted/.test(document.querySelector('#round tr:last-child')?.textContent ?? '') &&
                                   document.getElementById('global-score'));
  const accuracy = async (selector) => Number((await page.textContent(selector)).match(/accuracy (0\.\d+)/)[1]);
  const hostile = await accuracy('#round tr:nth-child(6)');
  const global = await accuracy('#global-score');
  assert.ok(hostile < 0.5 && global > 0.7, `hostile ${hostile}, global ${global}`);
});

test('a bad line deep in a file is reported at its line in the file', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `${i % 2 ? 'a' : 'b'} | 0:${i % 7}`);
  rows[4321] = 'a | 0:x';
  await page.setInputFiles('#file', { name: 'bad.txt', mimeType: 'text/plain', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => /bad\.txt: 5000 lines/.test(document.getElementById('status').textContent));
  await page.click('#learn');
  const error = await page.waitForFunction(() => document.getElementById('status').dataset.error);
  assert.equal(await error.jsonValue(), "line 4322, column 7: expected a number after ':', got 'x'");
});

test('the page learns 100,000 rows in a worker, drawing the curve as it goes', async () => {
  const rows = [];
  for (let i = 0; i < 100000; ++i) {
    const a = (i * 7919) % 1000 / 500 - 1;
    const b = (i * 104729) % 997 / 498.5 - 1;
    rows.push(`${a + b > 0 ? 'up' : 'down'} | 0:${a.toFixed(3)} 1:${b.toFixed(3)}`);
  }
  await page.setInputFiles('#file', { name: 'large.txt', mimeType: 'text/plain', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => /large\.txt: 100000 lines/.test(document.getElementById('status').textContent));
  await page.selectOption('#kind', 'hoeffding');
  await page.fill('#options', '');
  await page.click('#learn');
  const summary = JSON.parse(await (await page.waitForFunction(() => document.getElementById('status').dataset.summary)).jsonValue());
  assert.equal(summary.examples, 100000);
  assert.ok(summary.accuracy > 0.9, `accuracy ${summary.accuracy}`);
  // The worker learns in chunks of 1,000 lines and the main thread drew a point after each one.
  assert.equal(await page.getAttribute('#curve', 'data-points'), '100');
});

mkdirSync(path.join(wasmBuild, 'browser'), { recursive: true });
