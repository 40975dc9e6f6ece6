/**
 * The log-wide counts of `audit summary` (summary.ts): the code's lifetime, one count per
 * record kind (patch, enter, retire, reclaim, replace, thread.exit) plus the JIT's events
 * named by their records' reason (JIT_EVENTS), and the windows per caller site.
 */
import { parseSpan } from './replay.js';
import type { AuditRecord } from './schema.js';

/** Counts of the code's lifetime in a whole log. */
export interface EventCounts {
  /** `patch` records: live patches of published code. */
  patches: number;
  /** `enter` records. */
  entries: number;
  retires: number;
  reclaims: number;
  /** `replace` records: a handle loaded, switched to a new body or disposed. */
  replaces: number;
  /** `thread.exit` records (a fault ends its thread without one: it is counted as a fault). */
  threadExits: number;
  /** The JIT's events, by the reason of a `patch` or `replace` record (JIT_EVENTS). */
  icPatches: number;
  tierUps: number;
  deopts: number;
}

/** The windows and patches of one caller site. */
export interface SiteSummary {
  /** window.open / patch `site`; null for those that gave none. */
  readonly site: string | null;
  windows: number;
  /** Bytes written through those windows. */
  bytes: number;
  patches: number;
}

/**
 * The JIT's events, named by the caller-supplied reason of a `patch` or `replace` record: the
 * SDK has no record kind for them (and jit/ records none today: its only live change is the
 * function-table store in runtime data), so an embedder names them in the reason.  A reason
 * matches by case-insensitive prefix: `ic` or `inline cache` not followed by a letter
 * (`ic: shape 3`, `IC miss`), `tier-up` / `tier up` / `tierup`, `deopt` (`deoptimize f`).
 */
export const JIT_EVENTS: ReadonlyArray<readonly ['icPatches' | 'tierUps' | 'deopts', RegExp]> = [
  ['icPatches', /^(ic|inline[ -]cache)(?![a-z])/i],
  ['tierUps', /^tier[ -]?up(?![a-z])/i],
  ['deopts', /^deopt/i],
];

/** Record kinds counted one for one in EventCounts (a Map: a log's kind may be `__proto__`). */
const EVENT_KINDS: ReadonlyMap<string, keyof EventCounts> = new Map([
  ['patch', 'patches'], ['enter', 'entries'], ['retire', 'retires'], ['reclaim', 'reclaims'], ['replace', 'replaces'], ['thread.exit', 'threadExits'],
]);

/** All counts zero, keys in their JSON order. */
export function newEventCounts(): EventCounts {
  return { patches: 0, entries: 0, retires: 0, reclaims: 0, replaces: 0, threadExits: 0, icPatches: 0, tierUps: 0, deopts: 0 };
}

/** Counts `r` into `e`. */
export function countEvent(r: AuditRecord, e: EventCounts): void {
  const k = EVENT_KINDS.get(r.kind);
  if (k !== undefined) e[k]++;
  if ((r.kind !== 'patch' && r.kind !== 'replace') || typeof r.reason !== 'string') return;
  const reason = r.reason;
  const hit = JIT_EVENTS.find(([, re]) => re.test(reason));
  if (hit !== undefined) e[hit[0]]++;
}

/** Windows, their bytes and patches per site, in order of first appearance. */
export class SiteCounter {
  /** site (null: none given) -> its counts. */
  private readonly sites = new Map<string | null, SiteSummary>();
  /** window id -> the counts of its window.open's site. */
  private readonly windows = new Map<string, SiteSummary>();

  /** Counts `r` (not a seal's own copy window: the caller leaves those out). */
  count(r: AuditRecord): void {
    if (r.kind === 'window.open' && typeof r.window === 'string') {
      const s = this.site(r);
      s.windows++;
      this.windows.set(r.window, s);
    } else if (r.kind === 'window.write' && typeof r.window === 'string') {
      const s = this.windows.get(r.window);
      if (s !== undefined) s.bytes += spanBytes(r);
    } else if (r.kind === 'patch') {
      this.site(r).patches++;
    }
  }

  list(): SiteSummary[] {
    return [...this.sites.values()];
  }

  private site(r: AuditRecord): SiteSummary {
    const name = typeof r.site === 'string' ? r.site : null;
    let s = this.sites.get(name);
    if (s === undefined) {
      s = { site: name, windows: 0, bytes: 0, patches: 0 };
      this.sites.set(name, s);
    }
    return s;
  }
}

/** The length in bytes of a record's range (0 when it has none). */
export function spanBytes(r: AuditRecord): number {
  const s = parseSpan(r.range);
  return s === null ? 0 : s[1] - s[0];
}
