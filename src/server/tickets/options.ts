/** The server options the tickets capability contributes (`ServerOptions`), checked before anything starts. */
import { z } from 'zod';
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';
import { TicketDeliveryPlan, type TicketDeliveryPlanInput } from './delivery/config';
import type { OutboxTuning } from './delivery/outbox';

export interface TicketServerOptions {
  /** Each campus's ticket address and LibAnswers queue (see ./delivery/config.ts); none: tickets stay in Deskbell. */
  ticketDelivery?: TicketDeliveryPlanInput | null;
  /** Retry timing of the ticket outbox; tests shorten it. */
  ticketOutbox?: Partial<OutboxTuning>;
  /** How long one email or LibAnswers call may take (default 20 s). */
  deliveryTimeoutMs?: number;
  /** `directory` (default): the widget is closed outside the chat service's hours; `always-open`: never. */
  chatHours?: 'directory' | 'always-open';
}

/** Their bounds and defaults, composed into the server's settings schema. */
export const ticketSettings = {
  deliveryTimeoutMs: z.number().int().min(100).max(120_000).default(20_000),
  chatHours: z.enum(['directory', 'always-open']).default('directory'),
  ticketOutbox: z
    .object({
      retryBaseMs: z.number().int().min(10).max(3_600_000),
      retryCapMs: z.number().int().min(10).max(24 * 3_600_000),
      maxAttempts: z.number().int().min(1).max(1_000),
    })
    .partial()
    .strict()
    .default({}),
};

/** The delivery plan checked against its schema; a bad one refuses the start. */
export function ticketDeliveryPlan(options: TicketServerOptions): TicketDeliveryPlan | null {
  if (!options.ticketDelivery) return null;
  const plan = TicketDeliveryPlan.safeParse(options.ticketDelivery);
  if (!plan.success) throw new DeskbellServerError('invalid_config', `the ticket delivery plan is invalid: ${describeIssues(plan.error)}`);
  return plan.data;
}
