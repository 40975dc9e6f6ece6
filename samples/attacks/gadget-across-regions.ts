/**
 * Attack: a WRPKRU gadget split across an edge the verifier does not look past (issue 9, hole
 * 2).  Sealing scans every byte offset together with the seams, the executable bytes on either
 * side, so `... 0F 01` followed by `EF C3 ...` is caught when both halves are in one place.
 * Two ways around it:
 *  1. put the halves in two regions: the last allocation of one ends 0F 01, the first of the
 *     next starts EF C3.  If regions were mapped back to back, the boundary address would be
 *     WRPKRU; RET, and each half, sealed alone, would look clean;
 *  2. in one region, seal both halves while neither is executable yet (each sees int3 filler
 *     next to it), then publish them one after the other.
 *
 * Stopped by: guard pages and publish-time verification.  Every region sits between PROT_NONE
 * guard pages, so seams stop there and no byte sequence runs from one region into another: the
 * two halves seal and publish clean, but a fetch from the 0F 01 runs into the guard page
 * (SEGV_ACCERR) and the thread ends with its PKRU unchanged.  And publish() verifies again with
 * the executable neighbours of that moment: the second half of the split in one region is
 * refused (VerifyError on the seam) and stays sealed, never executable.
 *
 * Run it alone with `node dist/samples/attacks/gadget-across-regions.js` (after `npm run build`).
 */
import { PAGE_SIZE } from '../../mpk-hw/index.js';
import { PkeyFaultError, VerifyError, type Allocation, type CodeRegion } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import {
  Checks, closeAndVerify, codeBytes, formatDiagnosis, formatRecord, isEntry, lab, mark, message, printRecords, thrown, type Lab, type Print,
} from './harness.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'WRPKRU split 0F 01 | EF C3 across two regions (a guard page between them) or two allocations (publish refuses the seam)',
  contains: ['SEGV_ACCERR', 'WRPKRU at offset -2', 'audit verify: intact, 0 invariant violation(s)', 'STOPPED: a gadget split across regions'],
};

/** `mov eax, 7; ret` (B8 07 00 00 00 C3): an ordinary function in front of the half gadget. */
const MOV_EAX_7_RET = [0xb8, 7, 0, 0, 0, 0xc3];

/** Record kinds worth printing here (the windows' pkru/window records are routine). */
const KINDS = new Set(['seal', 'publish', 'enter', 'fault', 'pkru.unaudited']);

/** Reserves `size` bytes in `region` and writes `code` at 0 and `tail` at the end (int3 between) through a window. */
function emit(l: Lab, region: CodeRegion, size: number, code: readonly number[], tail: readonly number[], kind: string): Allocation {
  const a = l.sbx.reserve(region, size, kind);
  const image = new Uint8Array(size).fill(0xcc);
  image.set(code, 0);
  image.set(tail, size - tail.length);
  l.sbx.withWindow(l.compiler, a, { reason: `emit ${kind}` }, (w) => w.write(0, image));
  return a;
}

/** Two regions: the tail of the lower one ends 0F 01, the head of the upper one starts EF C3. */
function acrossRegions(l: Lab, print: Print, check: Checks): void {
  const { sbx } = l;
  const other = sbx.createRegion('code2', 4096);
  const [low, high] = other.start < l.region.start ? [other, l.region] : [l.region, other];
  const gap = high.start - (low.start + low.size);
  print(`1. regions ${low.name} and ${high.name}: ${gap / PAGE_SIZE} pages between them, none executable:`);
  for (const r of l.sink.records) if (r.kind === 'region.create') print(`  ${formatRecord(r)}`);
  check.that(gap >= 2 * PAGE_SIZE, 'the regions are not back to back: guard pages lie between them');
  const from = mark(l);
  const tail = emit(l, low, low.size, MOV_EAX_7_RET, [0x0f, 0x01], 'tail');
  const head = emit(l, high, 16, [0xef, 0xc3], [], 'head');
  for (const a of [tail, head]) {
    sbx.seal(a);
    sbx.publish(a);
  }
  print(`  ${tail.id} (mov eax, 7; ret) ends ${codeBytes(l, tail.start + tail.size - 2, 2)}, ${head.id} starts ` +
    `${codeBytes(l, head.start, 2)}: both sealed and published; ${tail.id} returns ${sbx.enter(l.executor, tail).rax}`);
  const err = thrown(() => sbx.enter(l.executor, tail, [], { offset: tail.size - 2 }));
  print(`  enter ${tail.id} at offset ${tail.size - 2}: ${message(err)}`);
  if (err instanceof PkeyFaultError) print(`  ${formatDiagnosis(err.diagnosis)}`);
  printRecords(l, from, print, KINDS);
  const d = err instanceof PkeyFaultError ? err.diagnosis : null;
  check.that(d?.access === 'fetch' && d.code === 'SEGV_ACCERR' && d.address === low.start + low.size,
    'the fetch after 0F 01 faults on the guard page (SEGV_ACCERR): no WRPKRU', d === null ? message(err) : formatDiagnosis(d));
  check.that(d?.pkru === sbx.baseline('executor') && !l.executor.ut.alive, "the executor's PKRU is still its baseline; the thread was ended");
}

/** One region: both halves sealed while neither is executable, then published one by one. */
function acrossAllocations(l: Lab, print: Print, check: Checks): void {
  const { sbx } = l;
  const region = sbx.createRegion('code3', 4096);
  const first = emit(l, region, 16, MOV_EAX_7_RET, [0x0f, 0x01], 'first');
  const second = emit(l, region, 16, [0xef, 0xc3], [], 'second');
  print(`2. region ${region.name}: ${first.id} (mov eax, 7; ret) ends 0f 01, ${second.id} right after it starts ef c3 (both only staged)`);
  const from = mark(l);
  sbx.seal(first);
  sbx.seal(second);
  print(`  seal ${first.id}, seal ${second.id}: clean (the code pages next to each hold int3)`);
  sbx.publish(first);
  const err = thrown(() => sbx.publish(second));
  print(`  publish ${first.id}: done; publish ${second.id}: ${message(err)}`);
  printRecords(l, from, print, KINDS);
  check.that(err instanceof VerifyError && err.findings.some((f) => f.pattern === 'WRPKRU' && f.offset === -2),
    `publish re-verifies with the executable neighbour: WRPKRU at offset -2 of ${second.id}`);
  check.that(second.state === 'sealed' && codeBytes(l, second.start, 2) === 'cc cc', `${second.id} stays sealed and its code pages int3`,
    `${second.state}, ${codeBytes(l, second.start, 2)}`);
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  acrossRegions(l, print, check);
  acrossAllocations(l, print, check);
  const v = closeAndVerify(l);
  print(v.line);
  check.that(v.ok, 'audit verify: intact, no invariant broken', v.line);
  return check.verdict('a gadget split across regions');
}

if (isEntry('gadget-across-regions')) process.exitCode = main();
