// What the JavaScript tests share: the staged package (TMK_JS_PACKAGE, build/wasm/js), the
// native programs it is compared with (TMK_NATIVE_BIN_DIR) and the shipped data (TMK_DATA).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the JavaScript tests through CTest`);
  return value;
}

export const packageDir = required('TMK_JS_PACKAGE');
export const nativeBin = required('TMK_NATIVE_BIN_DIR');
export const dataDir = required('TMK_DATA');
export const tinymlkit = await import(pathToFileURL(path.join(packageDir, 'src', 'index.js')).href);
export const libraryModules = pathToFileURL(path.join(packageDir, 'lib') + path.sep);

export function dataFile(name) {
  return path.join(dataDir, name);
}

export function dataLines(name) {
  return readFileSync(dataFile(name), 'utf8').split('\n').filter((line) => line !== '');
}

// Calls `work(file)` in a fresh folder, `file(name)` giving a path in it; removes the folder after.
export function inFolder(work) {
  const folder = mkdtempSync(path.join(tmpdir(), 'tmk-js-'));
  try {
    return work((name) => path.join(folder, name));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// Runs the native program of `kind` quietly; throws if it fails.
export function runNative(kind, args) {
  execFileSync(path.join(nativeBin, `tinymlkit-${kind}`), [...args, '--quiet'], { stdio: 'pipe' });
}

// `{ gracePeriod: 50 }` as command-line arguments: ['--grace-period', '50'].
export function cliArguments(options) {
  return Object.entries(options).flatMap(([key, value]) => [
    `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`, String(value)]);
}

// A data line's label, weight and features as learnOne takes them.
export function parseLine(line) {
  const [head, features] = line.split('|');
  const [label, weight] = head.trim().split(/\s+/);
  const x = {};
  for (const token of features.trim().split(/\s+/).filter(Boolean)) {
    const [index, value] = token.split(':');
    x[index] = value === undefined ? 1 : Number(value);
  }
  return { label, weight: weight === undefined ? 1 : Number(weight), x };
}

// A stream whose concept changes halfway, so that trees split, detectors fire and forests swap
// trees: `rows` lines of five features (values on a 1e-3 grid, some left out as zeros), labels
// from a linear rule that changes at rows / 2 (classes 'a'/'b', or a number for regression).
export function changingStream(rows, task) {
  let state = 12345;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const before = [1.2, -0.7, 0.4, 0, 2.0];
  const after = [-1.5, 0.3, 0, 2.0, -1.0];
  const lines = [];
  for (let row = 0; row < rows; ++row) {
    const weights = row < rows / 2 ? before : after;
    const x = weights.map(() => Math.round((uniform() * 4 - 2) * 1000) / 1000);
    const score = x.reduce((sum, value, i) => sum + value * weights[i], 0) + (uniform() - 0.5);
    const label = task === 'classification' ? (score > 0 ? 'a' : 'b') : String(Math.round(score * 1000) / 1000);
    lines.push(`${label} | ${x.map((value, i) => (value === 0 ? '' : `${i}:${value}`)).filter(Boolean).join(' ')}`);
  }
  return lines;
}
