/**
 * Physical memory: 4 KiB frames allocated on first use, so a 48-bit address space costs only
 * the pages touched.  Frame numbers start at 1 so that a zero entry never names a real frame.
 */
import { assert, hex } from './errors.js';

/** Bytes per 4 KiB frame. */
export const PAGE_SIZE = 4096;
/** log2(PAGE_SIZE). */
export const PAGE_SHIFT = 12;
/** Bytes per 2 MiB large page. */
export const LARGE_PAGE_SIZE = 2 * 1024 * 1024;
/** 4 KiB frames per 2 MiB page. */
export const FRAMES_PER_LARGE_PAGE = LARGE_PAGE_SIZE / PAGE_SIZE;

/** Sparse physical memory. */
export class PhysMem {
  /** Frame number -> contents. */
  private readonly frames = new Map<number, Uint8Array>();
  /** Frame number -> 32-bit view of the same contents (page-table walks read entries as halves). */
  private readonly frames32 = new Map<number, Uint32Array>();
  /** Next never-used frame number. */
  private nextPfn = 1;
  /** Freed 4 KiB frames available for reuse. */
  private readonly freeList: number[] = [];
  /**
   * Frames whose contents have been decoded as instructions.  Any write to one of them (or its
   * release) calls `codeWriteHook`, so decoded-instruction caches never serve stale code.
   */
  private readonly codeFrames = new Set<number>();
  /** Called with the frame number when a watched frame is written or freed. */
  codeWriteHook: ((pfn: number) => void) | null = null;

  /** Number of frames currently allocated. */
  get allocatedFrames(): number {
    return this.frames.size;
  }

  /** Allocates one zeroed 4 KiB frame; returns its frame number. */
  allocFrame(): number {
    const pfn = this.freeList.pop() ?? this.nextPfn++;
    this.attach(pfn);
    return pfn;
  }

  /** Allocates 512 physically contiguous, 2 MiB-aligned zeroed frames; returns the first frame number. */
  allocLargeFrame(): number {
    const align = FRAMES_PER_LARGE_PAGE;
    const first = Math.ceil(this.nextPfn / align) * align;
    for (let i = this.nextPfn; i < first; i++) this.freeList.push(i);
    this.nextPfn = first + align;
    for (let i = 0; i < align; i++) this.attach(first + i);
    return first;
  }

  private attach(pfn: number): void {
    const bytes = new Uint8Array(PAGE_SIZE);
    this.frames.set(pfn, bytes);
    this.frames32.set(pfn, new Uint32Array(bytes.buffer));
  }

  /**
   * Bumped whenever a frame starts being watched: the translator's inline data TLB stores only
   * to unwatched frames, and drops its write entries when this changes.
   */
  watchEpoch = 0;

  /** Marks a frame as holding decoded instructions (see codeWriteHook). */
  watchCode(pfn: number): void {
    if (this.codeFrames.has(pfn)) return;
    this.codeFrames.add(pfn);
    this.watchEpoch++;
  }

  /** Whether writes to a frame are watched (it holds decoded instructions). */
  watched(pfn: number): boolean {
    return this.codeFrames.has(pfn);
  }

  private touched(pfn: number): void {
    if (this.codeFrames.delete(pfn)) this.codeWriteHook?.(pfn);
  }

  /** Writes bytes at a physical address; they must not cross a frame. */
  writeInFrame(pa: number, bytes: Uint8Array): void {
    const pfn = Math.floor(pa / PAGE_SIZE);
    const off = pa % PAGE_SIZE;
    assert(off + bytes.length <= PAGE_SIZE, () => `physical write crosses frame at ${hex(pa)}`);
    this.frame(pfn).set(bytes, off);
    this.touched(pfn);
  }

  /** Copies a whole frame's contents into another frame. */
  copyFrame(dst: number, src: number): void {
    this.frame(dst).set(this.frame(src));
    this.touched(dst);
  }

  /** Releases a frame. */
  freeFrame(pfn: number): void {
    this.touched(pfn);
    assert(this.frames.delete(pfn), () => `free of unallocated frame ${pfn}`);
    this.frames32.delete(pfn);
    this.freeList.push(pfn);
  }

  /** Contents of a frame. */
  frame(pfn: number): Uint8Array {
    const f = this.frames.get(pfn);
    assert(f !== undefined, () => `access to unallocated frame ${pfn}`);
    return f;
  }

  /** 32-bit view of a frame (host byte order is little-endian on every supported platform). */
  frame32(pfn: number): Uint32Array {
    const f = this.frames32.get(pfn);
    assert(f !== undefined, () => `access to unallocated frame ${pfn}`);
    return f;
  }

  /** Whether a frame is allocated. */
  has(pfn: number): boolean {
    return this.frames.has(pfn);
  }

  /** Reads one byte at a physical address. */
  read8(pa: number): number {
    return this.frame(Math.floor(pa / PAGE_SIZE))[pa % PAGE_SIZE] ?? 0;
  }

  /** Writes one byte at a physical address. */
  write8(pa: number, v: number): void {
    const pfn = Math.floor(pa / PAGE_SIZE);
    this.frame(pfn)[pa % PAGE_SIZE] = v & 0xff;
    this.touched(pfn);
  }

  /** Copies `n` bytes from a physical address that does not cross a frame. */
  readInFrame(pa: number, n: number): Uint8Array {
    const off = pa % PAGE_SIZE;
    assert(off + n <= PAGE_SIZE, () => `physical read crosses frame at ${hex(pa)}`);
    return this.frame(Math.floor(pa / PAGE_SIZE)).slice(off, off + n);
  }
}

/** x86 little-endian byte order check, done once: the 32-bit frame views depend on it. */
assert(new Uint8Array(new Uint32Array([1]).buffer)[0] === 1, 'pkjit needs a little-endian host');
