/**
 * The one line pkjit prints for an exception nothing caught. node prints the throw's source
 * line, a caret, then the value: an error's stack (its first line `TypeError: m`, then frames
 * naming node's files), a string as it is, anything else as util.inspect shows it; and exits 1.
 * pkjit prints `FILE:line:col: uncaught <that first line>` (the throw statement's location; just
 * `FILE:` for an error the runtime raised, whose location it does not keep).
 */
import { inspect } from 'node:util';
import { hostConversion, type Runtime } from '../runtime/elements.js';

/** The message of an uncaught exception `v` thrown at `at` (null: raised by the runtime). */
export function uncaughtMessage(file: string, rt: Runtime, v: bigint, at: { line: number; column: number } | null): string {
  const where = at === null ? file : `${file}:${at.line}:${at.column}`;
  const conv = hostConversion(rt);
  const host = conv.convert(v);
  // An error (on a host error prototype, host-values.ts): its stack's first line is `name: message`.
  const text = host instanceof Error ? String(host) : typeof host === 'string' ? host : inspect(host);
  return `${where}: uncaught ${text}`;
}
