/**
 * GNU binutils as an outside referee: one objdump run decodes a whole batch of our bytes, one
 * as run re-assembles objdump's text. Each batch places instructions back to back; the
 * instructions are position independent (branch and [rip+disp] fields are relative), so an
 * instruction's bytes are the same at its batch offset and the printer is told that offset.
 *
 * Rewrites applied to objdump's text before `as` sees it (each a documented binutils quirk):
 *   - "jmp 0x1234" names an absolute address; it becomes "jmp row_7+0x12" (relative to the
 *     instruction's own label) so as resolves it without a relocation and picks rel8/rel32
 *     by the same rule we do.
 *   - "# 0x..." comments after [rip+disp] are dropped.
 *   - A displacement we encoded wider than necessary (the NOP forms' [rax+0x0], any forced
 *     dispSize) gets as's {disp8} / {disp32} pseudo-prefix; otherwise as would shorten it.
 * Everything else goes to as verbatim. as warns "segment override on `lea' is ineffectual" for
 * objdump's "lea rcx,ds:0x1234" (absolute address) but emits the same bytes, without a prefix.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispWidth, printInsn, type EmittedInsn, type Mem } from '../../../jit/x64/index.js';
import { readObjectText } from './elf.js';

/** Why the binutils cross-check cannot run here, or undefined when objdump and as are on PATH. */
export function binutilsMissing(): string | undefined {
  if (process.env['PKJIT_NO_BINUTILS']) return 'PKJIT_NO_BINUTILS is set';
  for (const tool of ['objdump', 'as']) {
    const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    if (r.error !== undefined || r.status !== 0) return `${tool} is not on PATH`;
  }
  return undefined;
}

/** Collapses whitespace runs to one space and trims: objdump pads with tabs and spaces. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function withTempDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-x64-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error !== undefined || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${String(r.error ?? r.stderr)}`);
  return r.stdout;
}

/** objdump's text for `bytes` (raw x86-64 at address `vma`, default 0), by instruction offset. */
export function objdumpBinary(bytes: Uint8Array, vma = 0): Map<number, string> {
  return withTempDir((dir) => {
    const file = join(dir, 'code.bin');
    writeFileSync(file, bytes);
    const out = run('objdump', ['-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', '--no-show-raw-insn',
      ...(vma !== 0 ? [`--adjust-vma=0x${vma.toString(16)}`] : []), file]);
    const lines = new Map<number, string>();
    for (const m of out.matchAll(/^ *([0-9a-f]+):\t(.*)$/gm)) lines.set(parseInt(m[1] ?? '', 16) - vma, m[2] ?? '');
    return lines;
  });
}

/** Assembles Intel-syntax `source` with as; returns .text and its symbols. */
export function gasAssemble(source: string): ReturnType<typeof readObjectText> {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'in.s'), source);
    run('as', ['--64', '-o', join(dir, 'out.o'), join(dir, 'in.s')]);
    return readObjectText(readFileSync(join(dir, 'out.o')));
  });
}

/** Instructions laid back to back, each with its offset in the batch. */
export interface Batch {
  readonly bytes: Uint8Array;
  readonly items: readonly { readonly insn: EmittedInsn; readonly at: number }[];
}

/** Places `insns` back to back. */
export function makeBatch(insns: readonly EmittedInsn[]): Batch {
  const bytes = new Uint8Array(insns.reduce((n, i) => n + i.bytes.length, 0));
  let at = 0;
  const items = insns.map((insn) => {
    bytes.set(insn.bytes, at);
    at += insn.bytes.length;
    return { insn, at: at - insn.bytes.length };
  });
  return { bytes, items };
}

/** Batch items whose objdump text differs from our printer's (after whitespace normalization). */
function objdumpMismatches(batch: Batch, dumped: ReadonlyMap<number, string>): string[] {
  const bad: string[] = [];
  const starts = new Set(batch.items.map((i) => i.at));
  for (const { insn, at } of batch.items) {
    const ours = normalize(printInsn(insn, at));
    const theirs = normalize(dumped.get(at) ?? '<no instruction starts here>');
    if (ours !== theirs) bad.push(`@${at.toString(16)} ${Buffer.from(insn.bytes).toString('hex')}: ours '${ours}' objdump '${theirs}'`);
  }
  for (const at of dumped.keys()) if (!starts.has(at)) bad.push(`@${at.toString(16)}: objdump decoded an instruction boundary we do not have`);
  return bad;
}

function pseudoPrefix(insn: EmittedInsn): string {
  const m = insn.operands.find((op): op is Mem => typeof op === 'object' && op.kind === 'mem' && op.mode === 'sib');
  if (m === undefined || m.mode !== 'sib' || m.dispSize === undefined) return '';
  const natural = dispWidth({ ...m, dispSize: undefined });
  return natural === m.dispSize ? '' : `{disp${m.dispSize}} `;
}

/** objdump's text for one batch item, rewritten as `as` input (see the file comment). */
export function asLine(text: string, insn: EmittedInsn, label: string): string {
  let line = normalize(text.replace(/\s+#.*$/, ''));
  const target = insn.operands.find((op) => typeof op === 'object' && op.kind === 'target');
  if (target !== undefined && typeof target === 'object' && target.kind === 'target') {
    const delta = target.offset - insn.offset;
    line = line.replace(/0x[0-9a-f]+$/, `${label}${delta < 0 ? '-' : '+'}0x${Math.abs(delta).toString(16)}`);
  }
  return `${label}: ${pseudoPrefix(insn)}${line}`;
}

/** Re-assembles objdump's text of every batch item with as; lists items whose bytes differ from ours. */
function gasMismatches(batch: Batch, dumped: ReadonlyMap<number, string>): string[] {
  const lines = batch.items.map(({ insn, at }, k) => asLine(dumped.get(at) ?? '', insn, `row_${k}`));
  const obj = gasAssemble(`.intel_syntax noprefix\n.text\n${lines.join('\n')}\n`);
  const bad: string[] = [];
  batch.items.forEach(({ insn }, k) => {
    const start = obj.symbols.get(`row_${k}`) ?? obj.text.length;
    const end = obj.symbols.get(`row_${k + 1}`) ?? obj.text.length;
    const theirs = Buffer.from(obj.text.subarray(start, end)).toString('hex');
    const ours = Buffer.from(insn.bytes).toString('hex');
    if (ours !== theirs) bad.push(`${lines[k] ?? ''}: ours ${ours} as ${theirs}`);
  });
  return bad;
}

/** Mismatches of one batch: objdump's decoding vs our printer, and as's bytes vs ours. */
export interface CrossCheck {
  readonly objdump: readonly string[];
  readonly gas: readonly string[];
}

/** Runs objdump once and as once over the whole batch. */
export function crossCheck(batch: Batch): CrossCheck {
  const dumped = objdumpBinary(batch.bytes);
  return { objdump: objdumpMismatches(batch, dumped), gas: gasMismatches(batch, dumped) };
}
