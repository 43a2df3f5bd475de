import { z } from 'zod';
import { Presence } from '../presence/schemas';
import { CampusId, PersonName, Timestamp } from '../protocol/common';

/**
 * What an account may do: a librarian; an administrator of their home campus (its accounts, the
 * directory, templates); or the head of reference, an administrator of every campus.
 */
export const AccountRole = z.enum(['librarian', 'admin', 'head']);
export type AccountRole = z.infer<typeof AccountRole>;

export const OperatorId = z.string().min(1).max(64);

/** Usernames compare case-insensitively: lowercased, as the backend stores them. */
export const AccountUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'username must be 2-64 characters: letters, digits, . _ @ -');

/** One librarian's account as an administrator sees it. */
export const Account = z.object({
  id: OperatorId,
  username: z.string().max(64),
  name: PersonName,
  campus: CampusId,
  role: AccountRole,
  disabled: z.boolean(),
  /** Signed in with a temporary password they have not replaced yet (or never signed in since). */
  mustChangePassword: z.boolean(),
  lastSignInAt: Timestamp.nullable(),
  createdAt: Timestamp,
  /** Where they are now (online, away, offline), as every desk sees it. */
  presence: Presence,
});
export type Account = z.infer<typeof Account>;

/** The accounts an administrator manages, and what they may do: a campus's (an admin) or every campus's (the head). */
export const AccountList = z.object({
  accounts: z.array(Account).max(5000),
  you: z.object({ id: OperatorId, role: AccountRole, campus: CampusId }),
});
export type AccountList = z.infer<typeof AccountList>;

/** An account changed: as it is now. */
export const AccountReply = z.object({ account: Account });
/** A new account or a reset password: the temporary password, shown once to the administrator to pass on. */
export const TemporaryPasswordReply = z.object({ account: Account, temporaryPassword: z.string().min(8).max(200) });

export const AddAccountRequest = z.object({ username: AccountUsername, name: PersonName, campus: CampusId, role: AccountRole }).strict();
export const AccountTarget = z.object({ operatorId: OperatorId }).strict();
export const SetRoleRequest = z.object({ operatorId: OperatorId, role: AccountRole }).strict();
export const SetCampusRequest = z.object({ operatorId: OperatorId, campus: CampusId }).strict();
