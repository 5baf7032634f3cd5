// What the modules ask of their host. A library module imports only the WASI calls it needs (the
// clock, and what a trap's message reaches), so a page provides them in a few lines; a command
// module imports nothing but WASI preview 1, so any WASI runtime runs it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const libraryDir = process.env.TMK_WASM_LIB_DIR;
const commandDir = process.env.TMK_WASM_BIN_DIR;

function imports(file) {
  return WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(file)));
}

function modules(folder, suffix) {
  const found = readdirSync(folder).filter((name) => name.endsWith(suffix)).sort();
  assert.ok(found.length >= 5, `${folder}: only ${found.length} modules`);
  return found.map((name) => path.join(folder, name));
}

test('a library module imports only the clock and what a trap message reaches', () => {
  for (const file of modules(libraryDir, '.lib.wasm')) {
    const names = imports(file).map(({ module, name }) => `${module}.${name}`).sort();
    assert.deepEqual(names, ['wasi_snapshot_preview1.clock_time_get', 'wasi_snapshot_preview1.fd_close',
                             'wasi_snapshot_preview1.fd_seek', 'wasi_snapshot_preview1.fd_write'], file);
  }
});

test('a library module exports the C ABI and no _start', () => {
  for (const file of modules(libraryDir, '.lib.wasm')) {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map(({ name }) => name);
    assert.ok(names.includes('_initialize') && !names.includes('_start'), file);
    for (const name of ['tmk_create', 'tmk_load', 'tmk_take_line', 'tmk_take_features', 'tmk_save', 'tmk_summary', 'tmk_export_onnx'])
      assert.ok(names.includes(name), `${file}: no ${name}`);
  }
});

test('a command module imports only WASI preview 1 functions', () => {
  for (const file of modules(commandDir, '.wasm')) {
    for (const { module, kind, name } of imports(file)) {
      assert.equal(module, 'wasi_snapshot_preview1', `${file}: imports ${module}.${name}`);
      assert.equal(kind, 'function', `${file}: imports the ${kind} ${name}`);
    }
  }
});
