/**
 * console.log for guest code: the arguments become host values (host-values.ts) and node's
 * util.format formats them, as node's console.log does (lib/internal/console/constructor.js
 * calls formatWithOptions; with colors off, as for a pipe or file, that is util.format), so the
 * line is node's by construction. The caller appends the newline.
 */
import { format } from 'node:util';
import type { ToHost } from './host-values.js';

/**
 * The text console.log prints for boxed `args` (without the trailing newline); `conv` converts
 * them all, so that one guest array is one host array in the line.
 */
export function formatLog(args: readonly bigint[], conv: ToHost): string {
  return format(...args.map((a) => conv.convert(a)));
}
