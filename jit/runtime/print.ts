/**
 * console.log for guest code: the arguments become host values (host-values.ts) and node's
 * util.format formats them, as node's console.log does (lib/internal/console/constructor.js
 * calls formatWithOptions; with colors off, as for a pipe or file, that is util.format), so the
 * line is node's by construction. The caller appends the newline.
 */
import { format } from 'node:util';
import type { GuestMemory } from './heap.js';
import { ToHost, type FunctionInfo } from './host-values.js';

/** The text console.log prints for boxed `args` (without the trailing newline). */
export function formatLog(args: readonly bigint[], mem: GuestMemory, functionNames: readonly FunctionInfo[]): string {
  const conv = new ToHost(mem, functionNames);
  return format(...args.map((a) => conv.convert(a)));
}
