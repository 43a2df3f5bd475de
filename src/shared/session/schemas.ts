import { z } from 'zod';
import { CampusId, PersonName } from '../protocol/common';

/** A librarian account as every desk sees it. */
export const Operator = z.object({
  id: z.string().min(1).max(64),
  name: PersonName,
  campus: CampusId,
  /**
   * Absent for a librarian; 'admin' may edit the campus directory. Shown so the client can offer
   * the editor; the backend authorises every edit from its own records, never from this.
   */
  role: z.enum(['librarian', 'admin']).optional(),
});
export type Operator = z.infer<typeof Operator>;

/** Plain http is allowed only to this computer (the embedded backend, local testing). */
const LOOPBACK_HTTP = /^http:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?:[/?#]|$)/i;

/** Whether a backend may be signed in to: https anywhere, or http to this computer only. */
export const isAllowedBackendUrl = (url: string): boolean => /^https:\/\//i.test(url) || LOOPBACK_HTTP.test(url);

export const BACKEND_URL_RULE = 'the backend must be an https:// address (plain http only to this computer: localhost or 127.0.0.1)';

/** A backend's base URL: sessions and passwords travel over it, so https unless it is loopback. */
export const BackendUrl = z
  .url({ protocol: /^https?$/, error: 'the backend address must be a URL like https://chat.library.example' })
  .max(500)
  .refine(isAllowedBackendUrl, { message: BACKEND_URL_RULE });

/** A computer this librarian signed in from before: sign-in throttles for others never apply to it. */
export const DeviceToken = z.string().regex(/^[A-Za-z0-9_-]{16,200}$/, 'device token must be 16-200 url-safe characters');

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  deviceToken: DeviceToken.optional(),
  /** Replaces the password as it signs in: required after a temporary password (an administrator's reset or a new account). */
  newPassword: z.string().min(8, 'the new password must be at least 8 characters').max(200, 'the new password is over 200 characters').optional(),
});
export const LoginResponse = z.object({
  token: z.string(),
  operator: Operator,
  /** Keep it for this username on this computer, and send it with the next sign-in. */
  deviceToken: DeviceToken,
});
export type LoginResponse = z.infer<typeof LoginResponse>;
