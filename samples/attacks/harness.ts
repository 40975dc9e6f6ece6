/**
 * What every attack sample shares: a sandbox with a compiler, an executor and one code region
 * (the "lab"), emitting code the normal way (window -> seal -> publish), printing the audit
 * records an attack leaves, and checking each documented behaviour so that a sample exits 0
 * only when the SDK stopped the attack the way docs/security-model.md says it does.
 *
 * Records are printed without their cycle counts (timings), so the output is the same on
 * every run: the machine is simulated, thread ids and addresses are deterministic.
 */
import { Assembler } from '../../jit/x64/index.js';
import { Machine } from '../../mpk-hw/index.js';
import {
  MemorySink, Sandbox, verifyLog, type Allocation, type AuditRecord, type CodeRegion, type FaultDiagnosis, type SandboxOptions, type SdkThread,
} from '../../sdk/index.js';
import type { Violation } from '../../sdk/audit/check.js';
import type { Instrument } from '../instrument.js';

/** Where a sample's lines go (console.log by default; tests pass a collector). */
export type Print = (line: string) => void;

/** A sandbox set up for an attack: the log's memory sink, a compiler, an executor, one region. */
export interface Lab {
  readonly sbx: Sandbox;
  readonly sink: MemorySink;
  readonly compiler: SdkThread;
  readonly executor: SdkThread;
  readonly region: CodeRegion;
}

/** A fresh sandbox with a compiler, an executor and a one-page region named `code` (its machine given to `instrument`). */
export function lab(opts: Omit<SandboxOptions, 'audit'> & { auditKey?: Uint8Array } = {}, instrument?: Instrument): Lab {
  const sink = new MemorySink();
  const machine = new Machine();
  const { auditKey, ...rest } = opts;
  const sinks = [sink, ...(instrument?.(machine) ?? [])];
  const sbx = new Sandbox(machine, { ...rest, audit: auditKey !== undefined ? { sinks, key: auditKey } : sinks });
  return { sbx, sink, compiler: sbx.spawn(sbx.owner, 'compiler'), executor: sbx.spawn(sbx.owner, 'executor'),
    region: sbx.createRegion('code', 4096) };
}

/** Assembles `build` and writes it into a new allocation through a window on the compiler (not sealed). */
export function write(l: Lab, kind: string, build: (x: Assembler) => unknown): Allocation {
  const asm = new Assembler();
  build(asm);
  const code = asm.finish();
  const a = l.sbx.reserve(l.region, code.length, kind);
  l.sbx.withWindow(l.compiler, a, { reason: `emit ${kind}` }, (w) => w.write(0, code));
  return a;
}

/** write(), then seal and publish: code an executor can enter. */
export function publish(l: Lab, kind: string, build: (x: Assembler) => unknown): Allocation {
  const a = write(l, kind, build);
  l.sbx.seal(a);
  l.sbx.publish(a);
  return a;
}

/** The bytes at `addr`, as hex pairs, read as a monitor would (/proc/<pid>/mem: keys ignored). */
export function codeBytes(l: Lab, addr: number, n: number): string {
  const b = l.sbx.machine.peek(l.sbx.owner.ut.pid, addr, n) ?? new Uint8Array(0);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** An allocation's staged bytes (what its windows wrote; never executable), hex. */
export function stagedBytes(l: Lab, a: Allocation): string {
  return codeBytes(l, a.stagingStart, a.size);
}

/** The error `fn` throws, or null when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return null;
  } catch (e) {
    return e;
  }
}

/** The message of an error (or of anything thrown). */
export function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** What `pkjit audit verify` says of a lab's log. */
export interface Verified {
  /** Intact and every invariant holds. */
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  /** `audit verify: intact, 0 invariant violation(s)[; seq N: invariant K: ...]`. */
  readonly line: string;
}

/** Closes the lab's audit log and verifies it as `pkjit audit verify` does. */
export function closeAndVerify(l: Lab): Verified {
  l.sbx.close();
  const v = verifyLog(l.sink.text());
  const list = v.violations.map((x) => `; seq ${x.seq}: invariant ${x.invariant}: ${x.message}`).join('');
  return { ok: v.ok, violations: v.violations, line: `audit verify: ${v.status}, ${v.violations.length} invariant violation(s)${list}` };
}

/** A fault's diagnosis on one line: `diagnosis: write of 0x..., SEGV_PKUERR, key 3, ..., pitfall '...'`. */
export function formatDiagnosis(d: FaultDiagnosis): string {
  return `diagnosis: ${d.access} of 0x${d.address.toString(16)}, ${d.code}, key ${String(d.key)}, region ${String(d.region)}, ` +
    `alloc ${String(d.alloc)}, pitfall '${d.pitfall}'`;
}

/** Detail fields left out of printed records: timings. */
const TIMING = new Set(['cycles', 'stalledCycles']);

function detailValue(name: string, v: unknown): string {
  if (name === 'sha256' && typeof v === 'string') return v.slice(0, 12);
  if (name === 'findings' && Array.isArray(v)) {
    const list = v.map((f: { pattern?: unknown; offset?: unknown; instruction?: unknown }) =>
      `${String(f.pattern)} at offset ${String(f.offset)}${typeof f.instruction === 'string' ? ` in '${f.instruction}'` : ''}`);
    return `[${list.join('; ')}]`;
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `k2 none->readwrite, k3 none->readwrite, k5 read->none` becomes `k2-k3 none->readwrite, k5 read->none`. */
export function compactRights(rights: string): string {
  const runs: Array<{ from: number; to: number; change: string }> = [];
  for (const part of rights.split(', ')) {
    const m = /^k(\d+) (.*)$/.exec(part);
    if (m === null) return rights;
    const k = Number(m[1]);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.change === m[2] && last.to === k - 1) last.to = k;
    else runs.push({ from: k, to: k, change: m[2] ?? '' });
  }
  return runs.map((r) => `${r.from === r.to ? `k${r.from}` : `k${r.from}-k${r.to}`} ${r.change}`).join(', ');
}

/**
 * One record on one line, without its cycle:
 * `#21 enter tid=103 key=3 region=code alloc=code#0 entry=0x7efffff3f000`.
 */
export function formatRecord(r: AuditRecord): string {
  const parts = [`#${r.seq}`, r.kind];
  if (r.tid !== null) parts.push(`tid=${r.tid}`);
  if (r.key !== undefined) parts.push(`key=${r.key}`);
  if (r.region !== undefined) parts.push(`region=${r.region}`);
  if (r.alloc !== undefined) parts.push(`alloc=${r.alloc}`);
  if (r.window !== undefined) parts.push(`window=${r.window}`);
  if (r.range !== undefined) parts.push(`range=[${r.range[0]}, ${r.range[1]})`);
  if (r.pkruBefore !== undefined && r.pkruAfter !== undefined) parts.push(`pkru=${r.pkruBefore}->${r.pkruAfter}`);
  else if (r.pkruBefore !== undefined) parts.push(`pkruBefore=${r.pkruBefore}`);
  else if (r.pkruAfter !== undefined) parts.push(`pkruAfter=${r.pkruAfter}`);
  if (r.rights !== undefined && r.rights !== '') parts.push(`rights='${compactRights(r.rights)}'`);
  if (r.reason !== undefined) parts.push(`reason='${r.reason}'`);
  for (const [k, v] of Object.entries(r.detail ?? {})) if (!TIMING.has(k)) parts.push(`${k}=${detailValue(k, v)}`);
  return parts.join(' ');
}

/** The position in the log now: records from here on are the ones an attack leaves. */
export function mark(l: Lab): number {
  return l.sink.records.length;
}

/** Prints `audit records left:` and every record written since `from` (a mark()). */
export function printRecords(l: Lab, from: number, print: Print, kinds?: ReadonlySet<string>): void {
  print('audit records left:');
  for (const r of l.sink.records.slice(from)) if (kinds === undefined || kinds.has(r.kind)) print(`  ${formatRecord(r)}`);
}

/**
 * The documented behaviours of one attack: each is checked and printed as `ok: ...` or
 * `NOT OK: ...`; the verdict line says whether the SDK stopped the attack as documented.
 */
export class Checks {
  private readonly print: Print;
  private readonly failed: string[] = [];

  constructor(print: Print) {
    this.print = print;
  }

  /** Checks one documented behaviour; prints it either way. */
  that(ok: boolean, what: string, actual?: string): boolean {
    if (ok) this.print(`ok: ${what}`);
    else {
      const line = `${what}${actual !== undefined ? ` (actual: ${actual})` : ''}`;
      this.failed.push(line);
      this.print(`NOT OK: ${line}`);
    }
    return ok;
  }

  /** Prints the verdict; returns the exit code (0 when every check held). */
  verdict(attack: string): number {
    if (this.failed.length === 0) {
      this.print(`STOPPED: ${attack}`);
      return 0;
    }
    this.print(`NOT STOPPED AS DOCUMENTED: ${attack}: ${this.failed.join('; ')}`);
    return 1;
  }
}

/** Whether this module is the script node was started with (`node dist/samples/attacks/<name>.js`). */
export function isEntry(name: string): boolean {
  return new RegExp(`[\\\\/]samples[\\\\/]attacks[\\\\/]${name}\\.[jt]s$`).test(process.argv[1] ?? '');
}
