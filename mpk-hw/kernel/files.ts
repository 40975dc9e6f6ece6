/**
 * A small in-memory file layer so that system calls which copy to and from user memory can
 * be exercised: regular files (read-only, e.g. /etc/passwd), /proc/<pid>/smaps, pipes,
 * vmsplice, and futex waits.  Copies use copy_to_user / copy_from_user and therefore honour
 * the caller's PKRU, failing with -EFAULT and no signal (spec L-8, P-10).
 */
import { MpkHwError } from '../errors.js';
import { Errno, FUTEX_PRIVATE_FLAG, FUTEX_WAIT, FUTEX_WAKE, MFD_ALLOW_SEALING, MFD_CLOEXEC } from './constants.js';
import type { Inode } from './vma.js';
import type { Kernel } from './kernel.js';
import { copyFromUser, copyToUser, copyToUserPartial, gupCheck } from './page-fault.js';
import type { Task } from './task.js';

/** An open file description. */
export type OpenFile =
  | { kind: 'file'; inode: Inode; pos: number; writable: boolean }
  | { kind: 'pipe-r'; pipe: Pipe }
  | { kind: 'pipe-w'; pipe: Pipe };

/** A pipe's buffer. */
export interface Pipe {
  buf: number[];
}

/** A process's file-descriptor table. */
export class FdTable {
  private readonly fds = new Map<number, OpenFile>();

  get(fd: number): OpenFile | undefined {
    return this.fds.get(fd);
  }

  /** Installs a file at the lowest free descriptor >= 3 (0..2 are the host's stdio). */
  install(f: OpenFile): number {
    let fd = 3;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, f);
    return fd;
  }

  close(fd: number): boolean {
    return this.fds.delete(fd);
  }

  /** A copy sharing the open file descriptions (fork). */
  clone(): FdTable {
    const c = new FdTable();
    for (const [fd, f] of this.fds) c.fds.set(fd, f);
    return c;
  }
}

/** Fixed file contents of the simulated filesystem. */
const FILES: Record<string, string> = {
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\npkjit:x:1000:1000:pkjit:/home/pkjit:/bin/sh\n',
  '/etc/hostname': 'pkjit\n',
};

/** Reads a NUL-terminated path from user memory (strncpy_from_user); null for -EFAULT. */
function readPath(k: Kernel, task: Task, va: number): string | null {
  let s = '';
  for (let i = 0; i < 4096; i++) {
    const b = copyFromUser(k, task, va + i, 1);
    if (b === null) return null;
    if (b[0] === 0) return s;
    s += String.fromCharCode(b[0] as number);
  }
  return null;
}

/** open(path, flags, mode): read-only files of the simulated filesystem and /proc/<pid>/smaps. */
export function sysOpen(k: Kernel, task: Task, pathVa: number, smaps: (pid: number) => string | null): number {
  const path = readPath(k, task, pathVa);
  if (path === null) return -Errno.EFAULT;
  const m = /^\/proc\/(self|\d+)\/smaps$/.exec(path);
  let text: string | null = FILES[path] ?? null;
  if (m !== null) text = smaps(m[1] === 'self' ? task.process.pid : Number(m[1]));
  if (text === null) return -Errno.ENOENT;
  return task.process.fds.install({ kind: 'file', inode: { name: path, data: new TextEncoder().encode(text) }, pos: 0, writable: false });
}

/**
 * read(fd, buf, count).  A file (filemap_read, seq_read_iter) copies up to the first byte that
 * faults, advances the position by what was copied and returns that count, -EFAULT only when
 * nothing was copied.  A pipe (pipe_read) whose buffer is copied short returns -EFAULT and keeps
 * the buffer; this machine holds a pipe's bytes as one buffer.
 */
export function sysRead(k: Kernel, task: Task, fd: number, buf: number, count: number): number {
  const f = task.process.fds.get(fd);
  if (f === undefined || f.kind === 'pipe-w') return -Errno.EBADF;
  const src = f.kind === 'file' ? f.inode.data.subarray(f.pos, f.pos + count) : Uint8Array.from(f.pipe.buf.slice(0, count));
  if (src.length === 0) return f.kind === 'file' ? 0 : -Errno.EAGAIN;
  const copied = copyToUserPartial(k, task, buf, src);
  if (f.kind === 'file') {
    f.pos += copied; // mm/filemap.c filemap_read: ki_pos += copied
    return copied > 0 ? copied : -Errno.EFAULT; // already_read ? already_read : error
  }
  if (copied < src.length) return -Errno.EFAULT; // fs/pipe.c pipe_read: ret ? ret : -EFAULT
  f.pipe.buf.splice(0, src.length);
  return src.length;
}

/** write(fd, buf, count): to a pipe, or at the file position of a writable file. */
export function sysWrite(k: Kernel, task: Task, fd: number, buf: number, count: number): number {
  const f = task.process.fds.get(fd);
  if (f === undefined || f.kind === 'pipe-r' || (f.kind === 'file' && !f.writable)) return -Errno.EBADF;
  const data = copyFromUser(k, task, buf, count);
  if (data === null) return -Errno.EFAULT;
  if (f.kind === 'pipe-w') {
    f.pipe.buf.push(...data);
    return count;
  }
  resize(f.inode, Math.max(f.inode.data.length, f.pos + count));
  f.inode.data.set(data, f.pos);
  f.pos += count;
  return count;
}

/** Grows or shrinks a file, keeping its bytes (new bytes are zero). */
function resize(inode: Inode, size: number): void {
  if (size === inode.data.length) return;
  const next = new Uint8Array(size);
  next.set(inode.data.subarray(0, size));
  inode.data = next;
}

/** memfd_create(name, flags): an anonymous in-memory file, open for reading and writing. */
export function sysMemfdCreate(k: Kernel, task: Task, nameVa: number, flags: number): number {
  if ((flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING)) !== 0) return -Errno.EINVAL;
  const name = readPath(k, task, nameVa);
  if (name === null) return -Errno.EFAULT;
  if (name.length > 249) return -Errno.EINVAL;
  return task.process.fds.install({ kind: 'file', inode: { name: `memfd:${name}`, data: new Uint8Array(0) }, pos: 0, writable: true });
}

/** ftruncate(fd, length). */
export function sysFtruncate(task: Task, fd: number, length: bigint): number {
  const f = task.process.fds.get(fd);
  if (f === undefined) return -Errno.EBADF;
  if (length < 0n) return -Errno.EINVAL;
  if (f.kind !== 'file' || !f.writable) return -Errno.EINVAL;
  if (length > 1n << 30n) return -Errno.EFBIG;
  resize(f.inode, Number(length));
  return 0;
}

/** pipe(fds): writes the two descriptors to user memory. */
export function sysPipe(k: Kernel, task: Task, fdsVa: number): number {
  const pipe: Pipe = { buf: [] };
  const r = task.process.fds.install({ kind: 'pipe-r', pipe });
  const w = task.process.fds.install({ kind: 'pipe-w', pipe });
  const out = new Uint8Array(8);
  new DataView(out.buffer).setInt32(0, r, true);
  new DataView(out.buffer).setInt32(4, w, true);
  if (!copyToUser(k, task, fdsVa, out)) {
    task.process.fds.close(r);
    task.process.fds.close(w);
    return -Errno.EFAULT;
  }
  return 0;
}

/** vmsplice(fd, iov, nr_segs, flags): pins the user pages with get_user_pages (keys checked). */
export function sysVmsplice(k: Kernel, task: Task, fd: number, iovVa: number, nr: number): number {
  const f = task.process.fds.get(fd);
  if (f === undefined || f.kind !== 'pipe-w') return -Errno.EBADF;
  if (nr < 0 || nr > 1024) return -Errno.EINVAL;
  const iov = copyFromUser(k, task, iovVa, 16 * nr);
  if (iov === null) return -Errno.EFAULT;
  const v = new DataView(iov.buffer);
  let total = 0;
  for (let i = 0; i < nr; i++) {
    const base = Number(v.getBigUint64(16 * i, true) & 0xffffffffffffn);
    const len = Number(v.getBigUint64(16 * i + 8, true) & 0xffffffffn);
    if (!gupCheck(k, task, base, len, false)) return total > 0 ? total : -Errno.EFAULT;
    total += len;
  }
  return total;
}

/**
 * futex(uaddr, op, val): WAIT reads the word with get_user (PKRU applies) and, when it still
 * holds `val`, blocks the thread until a WAKE on the same word; WAKE wakes up to `val` waiters
 * in tid order.  Host-driven threads cannot block.
 */
export function sysFutex(k: Kernel, task: Task, uaddr: number, op: number, val: number): number {
  const cmd = op & ~FUTEX_PRIVATE_FLAG;
  if (uaddr % 4 !== 0) return -Errno.EINVAL;
  if (cmd === FUTEX_WAKE) {
    let woken = 0;
    for (const t of task.process.tasks) {
      if (woken >= val || t.futexWait !== uaddr) continue;
      t.futexWait = null;
      woken++;
    }
    return woken;
  }
  if (cmd !== FUTEX_WAIT) return -Errno.ENOSYS;
  const b = copyFromUser(k, task, uaddr, 4);
  if (b === null) return -Errno.EFAULT;
  if (new DataView(b.buffer).getUint32(0, true) !== (val >>> 0)) return -Errno.EAGAIN;
  if (!task.guest) {
    throw new MpkHwError('WOULD_BLOCK', `futex wait at 0x${uaddr.toString(16)} would block host-driven thread ${task.tid} forever`);
  }
  task.futexWait = uaddr;
  return 0;
}
