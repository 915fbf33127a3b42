/**
 * The few WASI (preview 1) calls the WebAssembly build of runtime-c makes,
 * answered in JavaScript: writes to stdout/stderr are collected as text,
 * `proc_exit` (reached through exit(), after a panic's one line is flushed)
 * throws `WasmExit` carrying the status, and everything that would touch a
 * file system or the environment reports that none exists. So a panic
 * unwinds the emitted code and the runtime and reaches the caller as an
 * exception with status 101 and the runtime's own message text.
 */

/** The program called exit(status): 101 after a panic, 102 for a replay divergence. */
export class WasmExit extends Error {
  constructor(readonly status: number, readonly stderr: string) {
    super(stderr.trim() || `exit status ${status}`);
    this.name = "WasmExit";
  }
}

// WASI errno values.
const ESUCCESS = 0, EBADF = 8, ESPIPE = 70, ENOTCAPABLE = 76;

export interface WasiStreams {
  stdout: string;
  stderr: string;
}

/** The `wasi_snapshot_preview1` import object over `memory()`, writing into `streams`. */
export function wasiImports(memory: () => WebAssembly.Memory, streams: WasiStreams): Record<string, (...args: number[]) => number> {
  const view = () => new DataView(memory().buffer);
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // a leading U+FEFF is program output, not a mark
  return {
    fd_write(fd, iovs, count, written) {
      const v = view();
      let text = "", total = 0;
      for (let i = 0; i < count; i++) {
        const ptr = v.getUint32(iovs + 8 * i, true), len = v.getUint32(iovs + 8 * i + 4, true);
        text += decoder.decode(new Uint8Array(memory().buffer, ptr, len));
        total += len;
      }
      if (fd === 1) streams.stdout += text;
      else if (fd === 2) streams.stderr += text;
      else return EBADF;
      v.setUint32(written, total, true);
      return ESUCCESS;
    },
    proc_exit(status) {
      throw new WasmExit(status, streams.stderr);
    },
    environ_sizes_get(count, size) {
      const v = view();
      v.setUint32(count, 0, true);
      v.setUint32(size, 0, true);
      return ESUCCESS;
    },
    environ_get: () => ESUCCESS,
    fd_fdstat_get(fd, stat) {
      if (fd > 2) return EBADF;
      const v = view();
      for (let i = 0; i < 24; i += 4) v.setUint32(stat + i, 0, true);
      v.setUint8(stat, 2); // character device: line-buffered like a terminal
      return ESUCCESS;
    },
    fd_fdstat_set_flags: () => ESUCCESS,
    fd_prestat_get: () => EBADF, // no preopened directories: no file system
    fd_prestat_dir_name: () => EBADF,
    fd_close: () => ESUCCESS,
    fd_read(_fd, _iovs, _count, read) {
      view().setUint32(read, 0, true);
      return ESUCCESS;
    },
    fd_seek: () => ESPIPE,
    path_open: () => ENOTCAPABLE,
  };
}
