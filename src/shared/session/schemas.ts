import { z } from 'zod';
import { CampusId, PersonName } from '../protocol/common';

/** A librarian account as every desk sees it. */
export const Operator = z.object({
  id: z.string().min(1).max(64),
  name: PersonName,
  campus: CampusId,
});
export type Operator = z.infer<typeof Operator>;

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export const LoginResponse = z.object({ token: z.string(), operator: Operator });
export type LoginResponse = z.infer<typeof LoginResponse>;
