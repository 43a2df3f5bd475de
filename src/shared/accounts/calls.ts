import { Empty } from '../protocol/common';
import { AccountList, AccountReply, AccountTarget, AddAccountRequest, SetCampusRequest, SetRoleRequest, TemporaryPasswordReply } from './schemas';

/** Account management for administrators; the backend decides who may do what from its own records. */
export const accountCalls = {
  'accounts.list': { args: Empty, result: AccountList },
  /** A new account with a temporary password, which the librarian replaces at the first sign-in. */
  'accounts.add': { args: AddAccountRequest, result: TemporaryPasswordReply },
  /** Cannot sign in; sessions and device tokens end, open desks close, held chats go back to their queues. */
  'accounts.disable': { args: AccountTarget, result: AccountReply },
  'accounts.enable': { args: AccountTarget, result: AccountReply },
  /** A temporary password; the account's sessions and device tokens end (as with end-sessions). */
  'accounts.resetPassword': { args: AccountTarget, result: TemporaryPasswordReply },
  /** Every session and device token ends: open desks close, held chats go back to their queues. */
  'accounts.endSessions': { args: AccountTarget, result: AccountReply },
  'accounts.setRole': { args: SetRoleRequest, result: AccountReply },
  'accounts.setCampus': { args: SetCampusRequest, result: AccountReply },
} as const;
