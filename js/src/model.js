// A TinyMLKit model in JavaScript, in River's manner: learnOne, predictOne, predictProbaOne.
// Examples are features and a label; features are an object or Map from index to value, a dense
// array, or { indexes, values }. Learning is progressive validation, as on the command line: each
// example is predicted before it is learned, so summary() is the run's honest accuracy or RMSE,
// and a model fed a file's lines saves the bytes `-d file -f model.tmk` writes.
const encoder = new TextEncoder();

// [indexes, values] of the features `x`, in the order given (the runtime sorts them).
function featureArrays(x) {
  if (x && Array.isArray(x.indexes) && Array.isArray(x.values)) return [x.indexes, x.values];
  const indexes = [];
  const values = [];
  const entries = Array.isArray(x) ? x.entries() : x instanceof Map ? x.entries() : Object.entries(x ?? {});
  for (const [index, value] of entries) {
    indexes.push(typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : index);
    values.push(value);
  }
  return [indexes, values];
}

function checkIndex(index) {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff)
    throw new Error(`a feature index is an integer from 0 to 4294967295, got ${JSON.stringify(index)}`);
}

function checkValue(value) {
  if (typeof value !== 'number') throw new Error(`a feature value is a number, got ${JSON.stringify(value)}`);
}

export class Model {
  #library;
  #handle;
  #kind;
  #classifies;

  constructor(library, handle, kind) {
    this.#library = library;
    this.#handle = handle;
    this.#kind = kind;
    this.#classifies = library.abi.tmk_classifies(handle) === 1;
  }

  // The model's kind: 'nm', 'hoeffding', ...
  get kind() {
    return this.#kind;
  }

  get task() {
    return this.#classifies ? 'classification' : 'regression';
  }

  // Predicts `x`, then learns it with label `y` (a class name, or a number for regression);
  // returns the prediction made before learning.
  learnOne(x, y, weight = 1) {
    if (y === undefined || y === null || y === '') throw new Error('learnOne needs a label');
    return this.#takeFeatures(x, String(y), weight, true, false);
  }

  // The class (null before any was learned), or the estimate for regression.
  predictOne(x) {
    return this.#takeFeatures(x, '', 1, false, false);
  }

  // Every class's probability: { class: probability }.
  predictProbaOne(x) {
    return this.#takeFeatures(x, '', 1, false, true);
  }

  // One line of the data format, `label [weight] | index:value ...`: predicted, then learned.
  // Returns the prediction before learning, or undefined for a blank or comment line.
  learnLine(line) {
    return this.#takeLine(line, true, false);
  }

  predictLine(line) {
    return this.#takeLine(line, false, false);
  }

  predictProbaLine(line) {
    return this.#takeLine(line, false, true);
  }

  // Learns every line of `text` (one example a line) in one call, the fast way to feed a file in
  // chunks; returns the number of examples learned. A bad line throws, naming its line and column
  // within `text`; the lines before it stay learned.
  learnLines(text) {
    const library = this.#library;
    library.check(library.withBytes(text, (pointer, size) => library.abi.tmk_learn_text(this.#handle, pointer, size)));
    return Number(library.outputText(this.#handle));
  }

  // The model as the bytes of a .tmk file, which the command line's -i reads too.
  save() {
    this.#library.check(this.#library.abi.tmk_save(this.#live(), 0));
    return this.#library.outputBytes(this.#handle);
  }

  // What a federated client sends: the model without raw examples, as a .tmk file.
  exportSummary() {
    this.#library.check(this.#library.abi.tmk_save(this.#live(), 1));
    return this.#library.outputBytes(this.#handle);
  }

  // What --summary-json writes for the examples learned so far.
  summary() {
    this.#library.abi.tmk_summary(this.#live());
    return JSON.parse(this.#library.outputText(this.#handle));
  }

  // What --export-c writes: the model as one C99 header for microcontrollers (nm models).
  exportC() {
    this.#library.check(this.#library.abi.tmk_export_c(this.#live()));
    return this.#library.outputText(this.#handle);
  }

  // What --export-onnx writes: the model as an ONNX file, for onnxruntime (-web, -node) and others.
  exportOnnx() {
    this.#library.check(this.#library.abi.tmk_export_onnx(this.#live()));
    return this.#library.outputBytes(this.#handle);
  }

  // What --readable-model writes: hyperparameters, the federation record, the model itself.
  describe() {
    this.#library.abi.tmk_describe(this.#live());
    return JSON.parse(this.#library.outputText(this.#handle));
  }

  // Releases the model's memory; the model cannot be used after.
  free() {
    if (this.#handle === 0) return;
    this.#library.abi.tmk_free(this.#handle);
    this.#handle = 0;
  }

  #live() {
    if (this.#handle === 0) throw new Error(`this ${this.#kind} model was freed`);
    return this.#handle;
  }

  #prediction(text, probabilities) {
    if (probabilities) {
      const result = {};
      for (const pair of text.split(' ')) {
        const colon = pair.lastIndexOf(':');
        result[pair.slice(0, colon)] = Number(pair.slice(colon + 1));
      }
      return result;
    }
    if (!this.#classifies) return Number(text);
    return text === '' ? null : text;
  }

  #takeLine(line, learn, probabilities) {
    const library = this.#library;
    const handle = this.#live();
    if (line.includes('\n')) throw new Error('one line, without a newline: use learnLines for many');
    const status = library.check(library.withBytes(line, (pointer, size) =>
      library.abi.tmk_take_line(handle, pointer, size, learn ? 1 : 0, probabilities ? 1 : 0)));
    const blank = 2;
    return status === blank ? undefined : this.#prediction(library.outputText(handle), probabilities);
  }

  #takeFeatures(x, label, weight, learn, probabilities) {
    const library = this.#library;
    const handle = this.#live();
    const [indexes, values] = featureArrays(x);
    if (indexes.length !== values.length)
      throw new Error(`${indexes.length} feature indexes but ${values.length} values`);
    indexes.forEach(checkIndex);
    values.forEach(checkValue);
    if (typeof weight !== 'number') throw new Error(`a weight is a number, got ${JSON.stringify(weight)}`);
    const labelBytes = encoder.encode(label);
    const count = indexes.length;
    const valuesAt = (count * 4 + 7) & ~7;
    const labelAt = valuesAt + count * 8;
    const block = library.allocate(labelAt + labelBytes.length);
    try {
      const memory = library.memory();
      new Uint32Array(memory.buffer, block, count).set(indexes);
      new Float64Array(memory.buffer, block + valuesAt, count).set(values);
      memory.set(labelBytes, block + labelAt);
      library.check(library.abi.tmk_take_features(handle, block, block + valuesAt, count, block + labelAt,
                                                  labelBytes.length, weight, learn ? 1 : 0, probabilities ? 1 : 0));
    } finally {
      library.release(block);
    }
    return this.#prediction(library.outputText(handle), probabilities);
  }
}
