import { AuditPage, AuditPageQuery } from './schemas';

export const auditCalls = {
  /** A page of the audit log, newest first: an administrator's own campus (the head's: everything). The backend checks. */
  'audit.page': { args: AuditPageQuery.strict(), result: AuditPage },
} as const;
