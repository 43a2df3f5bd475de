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

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export const LoginResponse = z.object({ token: z.string(), operator: Operator });
export type LoginResponse = z.infer<typeof LoginResponse>;
