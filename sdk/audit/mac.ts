/**
 * Schema 2 of the audit log: forward-secure keyed records over exact bytes.
 *
 * A record's line is its body, the JSON the writer produced (`{"v":2,"seq":...,"prev":"..."}`),
 * with `,"mac":"<64 hex>"` put before the closing brace.  Both fields are over bytes, never over
 * re-serialised JSON:
 *
 *   prev   sha256 of the previous record's whole line (64 zeros for the first): anyone can check
 *          the chain, and anyone can recompute it (re-chaining), so it proves order, not origin;
 *   mac    HMAC-SHA256(key_e, prev mac || "\n" || body) under the key of the record's epoch:
 *          only a holder of the key can make one.
 *
 * The key evolves forward (Bellare and Yee's forward-secure MACs; Schneier and Kelsey's audit
 * logs; systemd-journald's Forward Secure Sealing): epoch e covers records
 * [e*N, (e+1)*N) and key_{e+1} = sha256(KEY_STEP || key_e); the writer overwrites key_e when it
 * steps, so a process compromised in epoch e holds no key of an earlier epoch and cannot forge
 * or rewrite what it logged before (it can still cut the log short, which the log.close count
 * and checkpoints kept elsewhere reveal).  The verifier derives every key from the seed.
 *
 * A body must be in the form JSON.stringify gives it: JSON.stringify(JSON.parse(body)) === body
 * rejects duplicate keys, spaces, `\u0072`-style escapes and other re-serialisations.  Lines
 * end in `\n` only.  Nesting deeper than MAX_DEPTH or a line longer than MAX_LINE is malformed,
 * found by an iterative scan before anything parses it (no reader recurses on input).
 */
import { createHash, createHmac, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Records per key epoch by default. */
export const DEFAULT_EPOCH_RECORDS = 1000;
/** Deepest nesting of arrays and objects a record may have. */
export const MAX_DEPTH = 32;
/** Longest line a record may have, in bytes. */
export const MAX_LINE = 1 << 20;
/** The MAC of "the record before the first". */
export const GENESIS_MAC = '0'.repeat(64);
/** Domain separation of the key step. */
const KEY_STEP = Buffer.from('pkjit audit log v2: next epoch key\n');
/** Bytes of a seed key. */
export const KEY_BYTES = 32;

/** sha256 hex of a string's UTF-8 bytes. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** key_{e+1} from key_e. */
export function nextKey(key: Buffer): Buffer {
  return createHash('sha256').update(KEY_STEP).update(key).digest();
}

/** The MAC of `body` after the record whose MAC was `prevMac`. */
export function recordMac(key: Buffer, prevMac: string, body: string): string {
  return createHmac('sha256', key).update(prevMac).update('\n').update(body).digest('hex');
}

/** The line of a body and its MAC. */
export function lineOf(body: string, mac: string): string {
  return `${body.slice(0, -1)},"mac":"${mac}"}`;
}

const MAC_SUFFIX = /,"mac":"([0-9a-f]{64})"\}$/;

/** A line split into its body and MAC, or why it is malformed. */
export function splitLine(line: string): { body: string; mac: string } | { malformed: string } {
  if (line.length > MAX_LINE) return { malformed: `longer than ${MAX_LINE} bytes` };
  if (line.includes('\r')) return { malformed: 'a carriage return (lines end in \\n only)' };
  const depth = nesting(line);
  if (depth > MAX_DEPTH) return { malformed: `nested ${depth > 1e6 ? 'over a million' : depth} deep (at most ${MAX_DEPTH})` };
  const m = MAC_SUFFIX.exec(line);
  if (m === null) return { malformed: 'no "mac" field at its end' };
  const body = `${line.slice(0, m.index)}}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { malformed: 'not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { malformed: 'not a JSON object' };
  if (JSON.stringify(parsed) !== body) return { malformed: 'not in the form the writer gives (re-serialised, duplicate keys, escapes or spaces)' };
  return { body, mac: m[1] as string };
}

/** The deepest nesting of [ and { in a JSON text, by an iterative scan that skips strings. */
export function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** A seed key from the embedder: 32 bytes (a Uint8Array), or 64 hex digits (a key file's text). */
export function parseKey(v: Uint8Array | string): Buffer | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : null;
  }
  return v.length === KEY_BYTES ? Buffer.from(v) : null;
}

/** The keys of epochs 0..e from the seed (the verifier's side). */
export class KeySchedule {
  private readonly keys: Buffer[];
  constructor(seed: Buffer) {
    this.keys = [Buffer.from(seed)];
  }
  /** The key of epoch `e` (e >= 0). */
  key(e: number): Buffer {
    while (this.keys.length <= e) this.keys.push(nextKey(this.keys[this.keys.length - 1] as Buffer));
    return this.keys[e] as Buffer;
  }
}

/**
 * Signed checkpoints (optional, `audit: { sign: true }`): an Ed25519 signature (RFC 8032, through
 * node:crypto) over the sha256 of the line a checkpoint covers, which through the `prev` chain
 * commits to every line before it.  The public key is in log.open, so anyone can check the
 * checkpoints without the MAC key; a third party that pins the public key (or keeps the
 * checkpoints as they are written, as Certificate Transparency's signed tree heads are kept)
 * detects a re-chained log without any secret.
 */
export function checkpointMessage(logId: string, upTo: number, lineHash: string): Buffer {
  return Buffer.from(`pkjit audit checkpoint\n${logId}\n${upTo}\n${lineHash}`);
}

/** The signature of a checkpoint, base64. */
export function signCheckpoint(privateKey: KeyObject, logId: string, upTo: number, lineHash: string): string {
  return sign(null, checkpointMessage(logId, upTo, lineHash), privateKey).toString('base64');
}

/** Whether `sig` signs the checkpoint under `publicKey` (SPKI DER, base64). */
export function checkCheckpoint(publicKey: string, logId: string, upTo: number, lineHash: string, sig: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, checkpointMessage(logId, upTo, lineHash), key, Buffer.from(sig, 'base64'));
  } catch {
    return false;
  }
}
