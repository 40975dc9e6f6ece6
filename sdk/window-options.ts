/** The options of a write window and their checks at the API boundary. */
import type { Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import { checkEnum, checkInt, checkOptions, checkString, refuse, show } from './validate.js';

/** Options of a window. */
export interface WindowOptions {
  /** Why it is opened: goes into the audit log (required, non-empty). */
  readonly reason: string;
  /** Caller's site (file:line or a label). */
  readonly site?: string;
  /**
   * Byte range of the allocation the window may write (default: all of it): integers with
   * 0 <= offset <= offset + length <= the allocation's size.
   */
  readonly range?: { readonly offset: number; readonly length: number };
  /** Most bytes the window may write. */
  readonly maxBytes?: number;
  /** Most simulated cycles the window may stay open (checked at each write and at close). */
  readonly maxCycles?: number;
  /** 'forbid' (default): a second window on the same thread is an error; 'count': allowed and counted. */
  readonly nesting?: 'forbid' | 'count';
}

const KEYS = ['reason', 'site', 'range', 'maxBytes', 'maxCycles', 'nesting'] as const;

/** Checks a window's options against its allocation; returns the writable range [lo, hi). */
export function checkWindowOptions(alloc: Allocation, opts: unknown): { lo: number; hi: number } {
  if (opts === undefined || opts === null) refuse('window options', opts, "an object with a reason ({ reason: 'why' })", 'BAD_OPTION');
  checkOptions('window options', opts, KEYS);
  const o = opts as Record<string, unknown>;
  checkString('window option reason (required: why the window is opened, for the audit log)', o['reason'], 'BAD_OPTION');
  if (o['site'] !== undefined) checkString('window option site', o['site'], 'BAD_OPTION');
  if (o['maxBytes'] !== undefined) checkInt('window option maxBytes', o['maxBytes'], 0, Number.MAX_SAFE_INTEGER, 'BAD_OPTION');
  if (o['maxCycles'] !== undefined) checkInt('window option maxCycles', o['maxCycles'], 0, Number.MAX_SAFE_INTEGER, 'BAD_OPTION');
  if (o['nesting'] !== undefined) checkEnum('window option nesting', o['nesting'], ['forbid', 'count']);
  return windowRange(alloc, o['range']);
}

/** The range a window may write: all of the allocation, or `range` if it lies inside it. */
function windowRange(alloc: Allocation, range: unknown): { lo: number; hi: number } {
  if (range === undefined) return { lo: 0, hi: alloc.size };
  checkOptions('window option range', range, ['offset', 'length'], 'WINDOW_RANGE');
  const { offset, length } = range as { offset?: unknown; length?: unknown };
  const ok = typeof offset === 'number' && typeof length === 'number' && Number.isSafeInteger(offset) &&
    Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= alloc.size;
  if (!ok) {
    throw new SdkError('WINDOW_RANGE', `window range { offset: ${show(offset)}, length: ${show(length)} } is not inside allocation ` +
      `${alloc.id} (${alloc.size} bytes): it needs integers with 0 <= offset <= offset + length <= ${alloc.size}`);
  }
  return { lo: offset, hi: offset + length };
}
