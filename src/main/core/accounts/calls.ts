import type { z } from 'zod';
import { AccountList, AccountReply, TemporaryPasswordReply } from '../../../shared/accounts/schemas';
import { CommandError } from '../backend-link/outbox';
import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** The answer, checked against its schema (a backend that sends something else is an internal error, not data). */
function checked<S extends z.ZodType>(schema: S, answer: unknown): z.infer<S> {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new CommandError('internal', 'the backend sent an account answer that does not fit the schema');
  return parsed.data;
}

type AccountCall = 'accounts.list' | 'accounts.add' | 'accounts.disable' | 'accounts.enable' | 'accounts.resetPassword' | 'accounts.endSessions' | 'accounts.setRole' | 'accounts.setCampus';

/** Account management over the backend's HTTP API, which decides who may do what from its own records. */
export function accountCalls(session: Session): CallHandlers<AccountCall> {
  const post = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> => checked(schema, await session.backendPost(path, body));
  return {
    'accounts.list': async () => checked(AccountList, await session.backendGet('/api/accounts')),
    'accounts.add': (input) => post('/api/accounts/add', input, TemporaryPasswordReply),
    'accounts.disable': (target) => post('/api/accounts/disable', target, AccountReply),
    'accounts.enable': (target) => post('/api/accounts/enable', target, AccountReply),
    'accounts.resetPassword': (target) => post('/api/accounts/reset-password', target, TemporaryPasswordReply),
    'accounts.endSessions': (target) => post('/api/accounts/end-sessions', target, AccountReply),
    'accounts.setRole': (input) => post('/api/accounts/role', input, AccountReply),
    'accounts.setCampus': (input) => post('/api/accounts/campus', input, AccountReply),
  };
}
