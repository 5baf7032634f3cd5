// The few WASI calls a library module imports, for node and browsers alike (no node:wasi, no
// file system). A module has no files: the clock serves the summary's examples per second, and
// fd_write only a trap's last words, which go to console.error. Every other WASI call is absent
// on purpose: a module that imports one fails to instantiate, and a test lists the imports.

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;
const CLOCK_REALTIME = 0;

export function wasiImports(memory) {
  const view = () => new DataView(memory().buffer);
  return {
    clock_time_get(clockId, _precision, timeOut) {
      const nanoseconds = clockId === CLOCK_REALTIME
        ? BigInt(Date.now()) * 1000000n
        : BigInt(Math.round(performance.now() * 1e6));
      view().setBigUint64(timeOut, nanoseconds, true);
      return ERRNO_SUCCESS;
    },
    fd_write(fd, iovs, iovsLength, writtenOut) {
      if (fd !== 1 && fd !== 2) return ERRNO_BADF;
      const data = view();
      let text = '';
      let written = 0;
      for (let i = 0; i < iovsLength; ++i) {
        const base = data.getUint32(iovs + 8 * i, true);
        const length = data.getUint32(iovs + 8 * i + 4, true);
        text += new TextDecoder().decode(new Uint8Array(memory().buffer, base, length));
        written += length;
      }
      if (text.trim()) console.error(`tinymlkit: ${text.trimEnd()}`);
      data.setUint32(writtenOut, written, true);
      return ERRNO_SUCCESS;
    },
    fd_close: () => ERRNO_BADF,
    fd_seek: () => ERRNO_INVAL,
  };
}
