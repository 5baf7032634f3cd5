// TinyMLKit in JavaScript: online models that learn one example at a time, in node (>= 20) and in
// browsers alike. Each model kind is a WebAssembly library module, tinymlkit-KIND.lib.wasm, found
// beside this package (lib/) unless `module` or `moduleBase` says where:
//   const model = await createModel('hoeffding', { gracePeriod: 100 });
//   model.learnOne({ 0: 5.1, 3: 1.4 }, 'setosa');
//   const again = await loadModel(model.save());
import { Library } from './library.js';
import { Model } from './model.js';

export { Model };

const libraries = new Map();  // module URL -> Promise<Library>, one instance a kind

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = source instanceof URL ? source : new URL(source, import.meta.url);
  if (url.protocol === 'file:') {  // node: fetch does not read files
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

function moduleSource(kind, { module, moduleBase } = {}) {
  if (module !== undefined) return module;
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`not a model kind: ${JSON.stringify(kind)}`);
  return new URL(`tinymlkit-${kind}.lib.wasm`, moduleBase ?? new URL('../lib/', import.meta.url));
}

async function library(kind, where) {
  const source = moduleSource(kind, where);
  const instantiate = async () => {
    try {
      return await Library.instantiate(await compile(source));
    } catch (error) {
      throw new Error(`cannot load the ${kind} library module (${source}): ${error.message}`);
    }
  };
  if (!(source instanceof URL)) return instantiate();
  const key = source.href;
  if (!libraries.has(key)) libraries.set(key, instantiate().catch((error) => {
    libraries.delete(key);
    throw error;
  }));
  return libraries.get(key);
}

// 'gracePeriod' or 'grace-period' -> 'grace-period=100'.
function settingsText(options) {
  let text = '';
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const name = key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    const shown = Array.isArray(value) ? value.join(',') : String(value);
    if (/[\n=]/.test(name) || shown.includes('\n')) throw new Error(`bad hyperparameter ${key}=${shown}`);
    text += `${name}=${shown}\n`;
  }
  return text;
}

// A new model of `kind` ('nm', 'hoeffding', 'hoeffding-regressor', 'forest', 'forest-regressor'),
// with hyperparameters by their command-line names in camelCase or as written there, plus `seed`
// and `preset`. `where`: { module } (a URL, path, bytes or WebAssembly.Module) or { moduleBase }.
export async function createModel(kind, options = {}, where = {}) {
  const lib = await library(kind, where);
  const handle = lib.withBytes(settingsText(options), (pointer, size) => lib.abi.tmk_create(pointer, size));
  if (handle === 0) throw lib.error();
  return new Model(lib, handle, kind);
}

// The kind a .tmk file holds, read from its envelope (magic, version, length, then the kind).
export function modelKind(bytes) {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = [0x89, 0x54, 0x4d, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || !magic.every((byte, i) => bytes[i] === byte))
    throw new Error('not a TinyMLKit model file (no .tmk magic)');
  const length = data.getUint32(20, true);
  if (length > 64 || 24 + length > bytes.length) throw new Error('corrupt model file (impossible kind)');
  return new TextDecoder().decode(bytes.subarray(24, 24 + length));
}

// A model from the bytes of a .tmk file (from save(), or written by the command line's -f).
export async function loadModel(bytes, where = {}) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const kind = modelKind(data);
  const lib = await library(kind, where);
  const handle = lib.withBytes(data, (pointer, size) => lib.abi.tmk_load(pointer, size));
  if (handle === 0) throw lib.error();
  return new Model(lib, handle, kind);
}

// One federated round, as the command line's `-m client.tmk ... -f global.tmk`: the robust
// aggregate of `clients` (.tmk bytes, from exportSummary() or save()), as a new model of `kind`.
// Clients that are corrupt, of another kind or incompatible are excluded and count among the F
// Byzantine ones; describe().federation names them. Options: rule ('median', 'geomedian',
// 'mean-around-median', 'trimmed-mean', 'krum', 'centered-clip', 'mean'), byzantine (F), strict,
// previous (the last round's global model, whose round count it continues).
export async function aggregate(kind, clients, { rule, byzantine, strict, previous } = {}, where = {}) {
  const lib = await library(kind, where);
  const settings = settingsText({ aggregate: rule, byzantine, strict });
  const models = [...(previous ? [previous] : []), ...clients].map((bytes) => new Uint8Array(bytes));
  const framed = new Uint8Array(models.reduce((size, bytes) => size + 4 + bytes.length, 0));
  let at = 0;
  for (const bytes of models) {
    new DataView(framed.buffer).setUint32(at, bytes.length, true);
    framed.set(bytes, at + 4);
    at += 4 + bytes.length;
  }
  const handle = lib.withBytes(settings, (settingsPointer, settingsSize) =>
    lib.withBytes(framed, (modelsPointer, modelsSize) =>
      lib.abi.tmk_aggregate(settingsPointer, settingsSize, modelsPointer, modelsSize, previous ? 1 : 0)));
  if (handle === 0) throw lib.error();
  return new Model(lib, handle, kind);
}
