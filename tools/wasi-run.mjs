#!/usr/bin/env -S node --no-liftoff --no-turbo-fast-api-calls
// Runs a TinyMLKit WASI module under node's built-in WASI, like a native program:
//   tools/wasi-run.mjs build/wasm/bin/tinymlkit-nm.wasm -d data.txt -f model.tmk
// The host's root is the guest's root and the module starts in the current directory (it reads
// PWD), so relative, ../ and absolute paths all mean what they mean natively. stdin, stdout and
// stderr are the process's own, and the module's exit code is the process's.

// V8's optimizing compiler only: a stream of a second or two would otherwise spend much of its
// time in the baseline tier (measured: 1.6x slower). Each function is compiled at its first call,
// so a run compiles only what it uses: compiling the whole module first cost 0.37 s of CPU a run
// where this costs 0.17 s in all, the same code once compiled (README, "Measured figures").
// The flags must be node's from its start, so the runner starts node again with them, unless it
// was started with them (the first line does that when the runner is run as a program): set later
// (v8.setFlagsFromString, which node documents as undefined behaviour), they made node crash at
// exit after a long run (measured: a segmentation fault after 10^7 rows, the run's work done).
// --no-turbo-fast-api-calls: with it, node 20 crashed (exit 139) after very long lines, the
// work done (measured: 5 of 5 runs pass without it).
// TMK_WASM_COMPILE=tiered keeps V8's default tiering instead, for many short runs (the tests): a
// run with no input then takes 0.08 s, against 0.17 s.
// Both give the same results: WebAssembly's semantics do not depend on the compiler tier.
const tierFlags = process.env.TMK_WASM_COMPILE === 'tiered' ? [] : ['--no-liftoff'];
const v8Flags = [...tierFlags, '--no-turbo-fast-api-calls'];
if (!v8Flags.every((flag) => process.execArgv.includes(flag))) {
  const { spawnSync } = await import('node:child_process');
  const { constants } = await import('node:os');
  const child = spawnSync(process.execPath, [...process.execArgv, ...v8Flags, ...process.argv.slice(1)],
                          { stdio: 'inherit' });
  process.exit(child.signal ? 128 + constants.signals[child.signal] : child.status);
}
// node prints an ExperimentalWarning for WASI unless its warning listener is gone first.
process.removeAllListeners('warning');
const { WASI } = await import('node:wasi');
const { readFile } = await import('node:fs/promises');
const path = await import('node:path');

const [modulePath, ...args] = process.argv.slice(2);
if (!modulePath) {
  process.stderr.write('usage: wasi-run.mjs MODULE.wasm [ARGS...]\n');
  process.exit(1);
}

const wasi = new WASI({
  version: 'preview1',
  args: [path.basename(modulePath, '.wasm'), ...args],
  env: { PWD: process.cwd() },
  preopens: { '/': '/' },
  returnOnExit: true,
});

let code;
try {
  const module = await WebAssembly.compile(await readFile(modulePath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (error) {
  // A trap (abort, stack overflow) or a module that cannot load.
  process.stderr.write(`wasi-run: ${modulePath}: ${error.message}\n`);
  code = 134;
}
process.exitCode = code;
