import { z } from 'zod';
import { Empty } from '../protocol/common';
import { MachineView } from './schema';

export const machineCalls = {
  /** IT's machine-wide settings as the app applies them, and the problem with the file if it was bad. */
  'machine.get': { args: Empty, result: MachineView },
} as const;

export const MachinePush = z.object({ type: z.literal('machine'), machine: MachineView });
