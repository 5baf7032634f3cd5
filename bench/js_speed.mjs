#!/usr/bin/env node
// Learning speed through the JavaScript package (build/wasm/js) beside the native program, on one
// generated stream: ROWS rows of 10 features, classes by a linear rule (regression: its score).
//   node bench/js_speed.mjs [ROWS]
// For each model at its defaults: examples/s of model.learnLines(text) over the whole text in
// one call (V8's default tiering), and of the native program's whole process on the same file.
// Prints a Markdown table and one JSON line per model; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createModel } = await import(path.join(repo, 'build/wasm/js/src/index.js'));
const rows = Number(process.argv[2] ?? 200000);

let state = 1;
const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
const streams = { classification: [], regression: [] };
for (let row = 0; row < rows; ++row) {
  const x = Array.from({ length: 10 }, () => Math.round(uniform() * 10000) / 10000);
  const score = x[0] + x[1] - x[2] + 0.5 * x[3];
  const features = x.map((value, i) => `${i}:${value}`).join(' ');
  streams.classification.push(`${score > 0.75 ? 'a' : 'b'} | ${features}`);
  streams.regression.push(`${Math.round(score * 1000) / 1000} | ${features}`);
}
const kinds = [['nm', 'regression'], ['hoeffding', 'classification'], ['hoeffding-regressor', 'regression'],
               ['forest', 'classification'], ['forest-regressor', 'regression']];
const folder = mkdtempSync(path.join(tmpdir(), 'tmk-js-speed-'));
const results = [];
try {
  console.log(`| model | learnLines in node (examples/s) | native program (examples/s) |\n|---|---:|---:|`);
  for (const [kind, task] of kinds) {
    const text = streams[task].join('\n');
    const model = await createModel(kind);
    let start = performance.now();
    model.learnLines(text);
    const javascript = rows / ((performance.now() - start) / 1000);
    model.free();
    const file = path.join(folder, `${task}.txt`);
    writeFileSync(file, text + '\n');
    start = performance.now();
    execFileSync(path.join(repo, 'build/native/bin', `tinymlkit-${kind}`), ['-d', file, '--quiet']);
    const native = rows / ((performance.now() - start) / 1000);
    results.push({ model: kind, rows, javascript_examples_per_second: Math.round(javascript),
                   native_examples_per_second: Math.round(native) });
    console.log(`| ${kind} | ${Math.round(javascript).toLocaleString('en')} | ${Math.round(native).toLocaleString('en')} |`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
for (const result of results) console.log(JSON.stringify(result));
