/** pkjit/sdk: pkey-protected code regions for JITs, with verified sealing and an audit log. */
export { Sandbox, type SandboxOptions } from './sandbox.js';
export { SdkThread, type ThreadStats } from './threads.js';
export { CodeRegion, Allocation, ALLOC_ALIGN, type AllocState } from './code-region.js';
export { WriteWindow, type WindowOptions, type WindowReport } from './write-window.js';
export { VerifyError, type SealReceipt } from './seal.js';
export { forbiddenBytes, SEAM_BYTES, type Finding, type Verifier, type VerifyInput } from './verifier.js';
export { PkeyFaultError, FAULT_SIGNALS, type FaultDiagnosis, type Pitfall } from './faults.js';
export { type EnterOptions } from './enter.js';
export { RUNTIME_SYSCALLS, syscallName } from './syscall-filter.js';
export { roleRights, baselinePkru, type Role, type RoleName, type RoleRights, type Rights, type SealMode } from './policy.js';
export { SdkError, AuditLogError } from './errors.js';
export { AuditLog, MemorySink, FileSink, CallbackSink, type AuditSink } from './audit/log.js';
export { readLog, type ChainReport, type ChainStatus } from './audit/read.js';
export { verifyLog } from './audit/check.js';
export { AUDIT_SCHEMA_VERSION, AUDIT_KINDS, type AuditKind, type AuditEvent, type AuditRecord } from './audit/schema.js';
export { summarize, formatSummary } from './audit/summary.js';
export { explain } from './audit/explain.js';
export { renderHtml } from './audit/html.js';
