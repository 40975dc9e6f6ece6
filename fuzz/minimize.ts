/**
 * Shrinks a mismatching program to a small reproducer: delta debugging (Zeller's ddmin) over
 * lines, then unwrapping blocks (an `if (...) {` line and its closing `}` go, the body stays),
 * repeated while either helps, keeping a change whenever the smaller program still mismatches
 * the same way (same groupKey). A change that breaks the syntax is refused by pkjit (exit 2),
 * so it is simply not kept. Each try runs node and pkjit once, so the number of tries is capped.
 */
import { groupKey } from './compare.js';
import { judge } from './campaign.js';
import type { NodeOracle } from './oracle.js';
import type { JitRunner } from './pkjit.js';

/** The smallest program ddmin finds for which `fails` holds (`source` must satisfy it). */
export async function ddmin(source: string, fails: (candidate: string) => Promise<boolean>, maxTries = 400): Promise<string> {
  const budget = { tries: maxTries };
  let lines = source.split('\n');
  for (let before = -1; before !== lines.length && budget.tries > 0;) {
    before = lines.length;
    lines = await removeChunks(lines, fails, budget);
    lines = await unwrapBlocks(lines, fails, budget);
  }
  return lines.join('\n');
}

/** Tries left, shared by the passes. */
interface Budget { tries: number }

async function attempt(candidate: string[], fails: (c: string) => Promise<boolean>, budget: Budget): Promise<boolean> {
  budget.tries--;
  return fails(candidate.join('\n'));
}

/** ddmin proper: removes runs of `chunk` lines, halving the chunk when nothing goes. */
async function removeChunks(start: string[], fails: (c: string) => Promise<boolean>, budget: Budget): Promise<string[]> {
  let lines = start;
  for (let chunk = Math.max(1, Math.floor(lines.length / 2)); chunk >= 1 && budget.tries > 0;) {
    let removed = false;
    for (let at = 0; at < lines.length && budget.tries > 0;) {
      const candidate = [...lines.slice(0, at), ...lines.slice(at + chunk)];
      if (await attempt(candidate, fails, budget)) {
        lines = candidate;
        removed = true;
      } else {
        at += chunk;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return lines;
}

/** Drops a line that opens a block (`if (...) {`) together with the line that closes it, keeping the body. */
async function unwrapBlocks(start: string[], fails: (c: string) => Promise<boolean>, budget: Budget): Promise<string[]> {
  let lines = start;
  for (let i = 0; i < lines.length && budget.tries > 0; i++) {
    const j = closingLine(lines, i);
    if (j === undefined) continue;
    const candidate = lines.filter((_, k) => k !== i && k !== j);
    if (await attempt(candidate, fails, budget)) {
      lines = candidate;
      i--;
    }
  }
  return lines;
}

/** The index of the line that closes the block line `i` opens, if line i ends with `{`. */
function closingLine(lines: readonly string[], i: number): number | undefined {
  if (!/\{\s*$/.test(lines[i] ?? '')) return undefined;
  let depth = 0;
  for (let j = i; j < lines.length; j++) {
    for (const ch of lines[j] ?? '') depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth <= 0) return j === i ? undefined : j;
  }
  return undefined;
}

/** What minimizing runs the candidates with. */
export interface MinimizeEnv {
  readonly workDir: string;
  readonly oracle: NodeOracle;
  readonly runner: JitRunner;
}

/** A smaller program that mismatches with the same group key as `key`. */
export async function minimizeMismatch(source: string, key: string, env: MinimizeEnv, maxTries?: number): Promise<string> {
  let n = 0;
  const fails = async (candidate: string): Promise<boolean> => {
    const { verdict } = await judge(candidate, `min${n++}.js`, env.workDir, env.oracle, env.runner);
    return verdict.kind === 'mismatch' && groupKey(verdict) === key;
  };
  return ddmin(source, fails, maxTries);
}
