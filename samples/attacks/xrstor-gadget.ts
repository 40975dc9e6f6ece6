/**
 * Attack: an XRSTOR gadget.  XRSTOR loads PKRU from memory when the PKRU bit of EDX:EAX and of
 * the area's XSTATE_BV are set (SDM Vol.1 13.8; XSTATE_BV[9] = 0 even loads PKRU = 0), so an
 * XRSTOR the attacker can reach with a crafted area is as good as WRPKRU (ERIM's second
 * pattern, `0F AE /5` with a memory operand).  Three ways to plant one:
 *
 *   1. the instruction itself: `xrstor [rsp]`                 0F AE 2C 24
 *   2. hidden in an immediate: `mov eax, 0x2fae0f`            B8 0F AE 2F 00
 *   3. split across two allocations: one ends with 0F AE, the next begins with 2F
 *
 * (Only the two together decode as XRSTOR [rdi]; 0F AE 00 alone is FXSAVE.)
 *
 * Stopped by: verified sealing, which scans every byte offset of the staged bytes and the seams
 * with the executable bytes next to them (SEAM_BYTES on each side).  Staged bytes are never
 * executable, so in case 3 whichever half is published first sits next to int3 filler and
 * passes; the other half is then refused against the published one.  Each refused seal throws VerifyError
 * naming the offset (negative: the sequence starts in the code before) and the instruction,
 * records `seal` with ok: false, and leaves the code pages int3.
 *
 * Run it alone with `node dist/samples/attacks/xrstor-gadget.js` (after `npm run build`).
 */
import { type Assembler, eax, qword, rsp } from '../../jit/x64/index.js';
import { SdkError, VerifyError } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import { Checks, codeBytes, isEntry, lab, mark, message, printRecords, stagedBytes, thrown, write, type Lab, type Print } from './harness.js';
import type { Allocation } from '../../sdk/index.js';
import type { Instrument } from '../instrument.js';

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'XRSTOR as an instruction, inside an immediate, and across a seam: seal refuses each',
  contains: ["XRSTOR at offset 0", "in 'xrstor [rsp]'", "XRSTOR at offset 1", "in 'mov eax,0x2fae0f'", 'XRSTOR at offset 14', 'would complete XRSTOR',
    'STOPPED: XRSTOR gadgets'],
};

/** One way to plant the gadget: the code, and the finding the verifier must report. */
interface Case {
  readonly what: string;
  readonly build: (x: Assembler) => unknown;
  readonly offset: number;
  readonly instruction: string | null;
}

const CASES: readonly Case[] = [
  { what: 'the instruction', build: (x) => x.xrstor(qword(rsp)).ret(), offset: 0, instruction: 'xrstor [rsp]' },
  { what: 'an immediate', build: (x) => x.mov(eax, 0x2fae0f).ret(), offset: 1, instruction: 'mov eax,0x2fae0f' },
];

/** Tries to seal one case; returns whether the verifier refused it with the expected finding. */
function attempt(l: Lab, c: Case, print: Print, written?: Allocation): boolean {
  const a = written ?? write(l, c.what, c.build);
  print(`${c.what}: ${a.id} = ${stagedBytes(l, a)} (staged)`);
  const err = thrown(() => l.sbx.seal(a));
  print(`  seal: ${message(err)}`);
  const f = err instanceof VerifyError ? err.findings[0] : undefined;
  const int3 = codeBytes(l, a.start, a.size) === Array(a.size).fill('cc').join(' ');
  return f !== undefined && f.pattern === 'XRSTOR' && f.offset === c.offset && f.instruction === c.instruction && a.state === 'writing' && int3;
}

/** Runs the attack; returns 0 when the SDK stopped it as documented. */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const l = lab({}, instrument);
  const check = new Checks(print);
  const from = mark(l);
  for (const c of CASES) {
    check.that(attempt(l, c, print), `XRSTOR via ${c.what} refused at offset ${c.offset}${c.instruction !== null ? ` in '${c.instruction}'` : ''}`);
  }
  // The seam, both halves staged: the later half alone next to int3 filler is harmless and is published,
  // so the earlier half is refused against it (the sequence starts at its offset 14)...
  const before = write(l, 'seam-before', (x) => x.mov(eax, 1).ret().data([0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0x0f, 0xae]));
  const after = write(l, 'seam-after', (x) => x.data([0x2f, 0xc3]));
  print(`seam: ${before.id} = ${stagedBytes(l, before)}, ${after.id} = ${stagedBytes(l, after)} (staged; 0F AE 00 alone is FXSAVE, harmless)`);
  l.sbx.seal(after);
  l.sbx.publish(after);
  print(`  seal and publish ${after.id} first: ok (next to ${before.id}'s int3 filler)`);
  check.that(attempt(l, { what: 'the seam, earlier half', build: () => undefined, offset: 14, instruction: '(bad)' }, print, before),
    `XRSTOR across the seam refused at offset 14 of ${before.id} (it continues in sealed ${after.id})`);
  // ...and published the other way round, even writing the later half next to it is refused.
  const before2 = write(l, 'seam-before', (x) => x.mov(eax, 1).ret().data([0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0x0f, 0xae]));
  l.sbx.seal(before2);
  l.sbx.publish(before2);
  const err = thrown(() => write(l, 'seam-after', (x) => x.data([0x2f, 0xc3])));
  print(`  write of 2F C3 after sealed ${before2.id}: ${message(err)}`);
  check.that(err instanceof SdkError && err.code === 'WINDOW_SEAM', 'writing the later half next to the sealed earlier half is refused (WINDOW_SEAM)');
  printRecords(l, from, print, new Set(['seal']));
  const refused = l.sink.records.slice(from).filter((r) => r.kind === 'seal' && r.detail?.['ok'] === false);
  check.that(refused.length === 3, 'three seal records with ok: false', String(refused.length));
  check.that(l.executor.stats.entries === 0, 'no gadget was ever entered');
  return check.verdict('XRSTOR gadgets');
}

if (isEntry('xrstor-gadget')) process.exitCode = main();
