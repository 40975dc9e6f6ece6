/**
 * Thread roles as declarative policy: the rights each role holds, per class of key, when no
 * window is open.  Keys are owned by the SDK; a policy never names a raw key number.
 *
 *   key class     compiler   executor     runtime    (a custom role names its own)
 *   code          none       none(X)      none       code is fetched, never read: execute-only
 *   runtime data  readwrite  read         readwrite  function tables, stub targets
 *   default (0)   readwrite  readwrite    readwrite  stacks and ordinary heap
 *   unallocated   none       none         none       default-deny, as init_pkru_value
 *
 * Execution never needs a right: instruction fetch ignores PKRU (SDM Vol.3A 4.6.2), so
 * "none" on a code key is exactly execute-only.  With `sealMode: 'read-execute'` executors
 * get read on code keys instead.
 */
import { PKRU_DENY_ALL, pkruWithKeyBits, PKRU_AD_BIT, PKRU_WD_BIT } from '../mpk-hw/pkru.js';
import { SdkError } from './errors.js';
import { checkEnum, checkOptions, checkString, show } from './validate.js';

/** Rights PKRU can express for one key. */
export type Rights = 'none' | 'read' | 'readwrite';

/** A built-in role. */
export type RoleName = 'compiler' | 'executor' | 'runtime';

/** Rights of a role for each class of key. */
export interface RoleRights {
  readonly code: Rights;
  readonly runtimeData: Rights;
}

/** A role: built-in, or custom rights per key class. */
export type Role = RoleName | { readonly name: string; readonly rights: RoleRights };

/** How sealed code may be accessed by data accesses. */
export type SealMode = 'execute-only' | 'read-execute';

const BUILTIN: Record<RoleName, RoleRights> = {
  compiler: { code: 'none', runtimeData: 'readwrite' },
  executor: { code: 'none', runtimeData: 'read' },
  runtime: { code: 'none', runtimeData: 'readwrite' },
};

/** The name of a role. */
export function roleName(r: Role): string {
  return typeof r === 'string' ? r : r.name;
}

/** The rights of a role, with the seal mode applied to its code keys. */
export function roleRights(r: Role, seal: SealMode): RoleRights {
  const base = typeof r === 'string' ? BUILTIN[r] : r.rights;
  const code = seal === 'read-execute' && base.code === 'none' ? 'read' : base.code;
  return { code, runtimeData: base.runtimeData };
}

/** The two PKRU bits (AD, WD) that give `rights`. */
export function rightsBits(r: Rights): number {
  return r === 'none' ? PKRU_AD_BIT : r === 'read' ? PKRU_WD_BIT : 0;
}

/** The rights two PKRU bits give. */
export function bitsRights(bits: number): Rights {
  return bits & PKRU_AD_BIT ? 'none' : bits & PKRU_WD_BIT ? 'read' : 'readwrite';
}

/**
 * The baseline PKRU of a role: every key denied except key 0 (read/write), the runtime-data
 * key and the code keys as the role says.
 */
export function baselinePkru(r: Role, seal: SealMode,
  keys: { runtimeData: number | null; code: readonly number[]; guestData?: number | null }): number {
  const rights = roleRights(r, seal);
  let pkru = pkruWithKeyBits(PKRU_DENY_ALL, 0, 0);
  // Guest data (a JIT's heap): every role reads and writes it, like key 0, but on its own key.
  if (keys.guestData !== undefined && keys.guestData !== null) pkru = pkruWithKeyBits(pkru, keys.guestData, 0);
  if (keys.runtimeData !== null) pkru = pkruWithKeyBits(pkru, keys.runtimeData, rightsBits(rights.runtimeData));
  // Write rights on code come only from a window: code 'readwrite' means the role may open
  // windows, never that it holds the right outside one (W^X on the thread).
  const code = rights.code === 'readwrite' ? 'none' : rights.code;
  for (const k of keys.code) pkru = pkruWithKeyBits(pkru, k, rightsBits(code));
  return pkru;
}

const RIGHTS: readonly Rights[] = ['none', 'read', 'readwrite'];
const ROLE_HINT = "'compiler', 'executor', 'runtime' or { name, rights: { code, runtimeData } }";

/** Checks a role given at the API boundary: a built-in name, or a custom role with both rights. */
export function checkRole(v: unknown): Role {
  if (typeof v === 'string') {
    if (v in BUILTIN) return v as RoleName;
    throw new SdkError('BAD_ARGUMENT', `unknown role ${show(v)}: a role is ${ROLE_HINT}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SdkError('BAD_ARGUMENT', `a role is ${ROLE_HINT} (got ${show(v)})`);
  checkOptions('role', v, ['name', 'rights'], 'BAD_ARGUMENT');
  const r = v as { name?: unknown; rights?: unknown };
  const name = checkString('role name', r.name);
  if (name in BUILTIN) throw new SdkError('BAD_ARGUMENT', `custom role name ${show(name)} is a built-in role's; pass the string '${name}' instead`);
  checkOptions(`rights of role ${name}`, r.rights ?? null, ['code', 'runtimeData'], 'BAD_ARGUMENT');
  const rights = r.rights as { code?: unknown; runtimeData?: unknown };
  return { name, rights: { code: checkEnum(`role ${name}: rights.code`, rights.code, RIGHTS, 'BAD_ARGUMENT'),
    runtimeData: checkEnum(`role ${name}: rights.runtimeData`, rights.runtimeData, RIGHTS, 'BAD_ARGUMENT') } };
}
