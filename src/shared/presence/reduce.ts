import type { DeskSnapshot } from '../desk/events';
import type { DeskState, EventReducers } from '../desk/state';
import type { OperatorPresence } from './schemas';
import type { PresenceEvent } from './events';

export type OperatorsSlice = Readonly<Record<string, OperatorPresence>>;

export function operatorsFromSnapshot(snapshot: DeskSnapshot): Pick<DeskState, 'operators'> {
  const operators: Record<string, OperatorPresence> = {};
  for (const op of snapshot.operators) operators[op.id] = op;
  return { operators };
}

export const presenceReducers: EventReducers<PresenceEvent> = {
  'operator.presence': (state, event) => {
    const prev = state.operators[event.operator.id];
    if (prev && prev.presence === event.operator.presence && prev.since === event.operator.since) return state;
    return { ...state, operators: { ...state.operators, [event.operator.id]: event.operator } };
  },
};
