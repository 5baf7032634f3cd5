// One instance of a library module (tinymlkit-MODEL.lib.wasm) and the plumbing of its C ABI
// (runtime/library/exports.cpp): text and bytes copied in and out of the module's memory, and
// failures turned into Errors that carry the runtime's message.
import { wasiImports } from './wasi.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Library {
  #exports;

  static async instantiate(module) {
    let exports;
    const imports = { wasi_snapshot_preview1: wasiImports(() => exports.memory) };
    const instance = await WebAssembly.instantiate(module, imports);
    exports = instance.exports;
    exports._initialize();
    return new Library(exports);
  }

  constructor(exports) {
    this.#exports = exports;
  }

  get abi() {
    return this.#exports;
  }

  // The module's memory as bytes; a fresh view after every call that may grow it.
  memory() {
    return new Uint8Array(this.#exports.memory.buffer);
  }

  allocate(size) {
    const pointer = this.#exports.tmk_alloc(size);
    if (pointer === 0) throw new Error(`tinymlkit: out of memory for ${size} bytes`);
    return pointer;
  }

  release(pointer) {
    this.#exports.tmk_dealloc(pointer);
  }

  // Calls `call(pointer, size)` with `data` (a string or bytes) copied into the module.
  withBytes(data, call) {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const pointer = this.allocate(bytes.length);
    try {
      this.memory().set(bytes, pointer);
      return call(pointer, bytes.length);
    } finally {
      this.release(pointer);
    }
  }

  // What the session's last call produced, as bytes (copied out) or as text.
  outputBytes(handle) {
    const abi = this.#exports;
    const pointer = abi.tmk_output_data(handle);
    return this.memory().slice(pointer, pointer + abi.tmk_output_size(handle));
  }

  outputText(handle) {
    const abi = this.#exports;
    const pointer = abi.tmk_output_data(handle);
    return decoder.decode(this.memory().subarray(pointer, pointer + abi.tmk_output_size(handle)));
  }

  // The Error of the call that just failed.
  error() {
    const abi = this.#exports;
    const pointer = abi.tmk_error_data();
    return new Error(decoder.decode(this.memory().subarray(pointer, pointer + abi.tmk_error_size())));
  }

  // Throws the runtime's error if `status` is 0 (failure); returns it otherwise.
  check(status) {
    if (status === 0) throw this.error();
    return status;
  }
}
