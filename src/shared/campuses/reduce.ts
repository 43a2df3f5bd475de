import type { DeskSnapshot } from '../desk/events';
import type { DeskState } from '../desk/state';
import type { Campus } from './schemas';

export type CampusesSlice = readonly Campus[];

export const campusesFromSnapshot = (snapshot: DeskSnapshot): Pick<DeskState, 'campuses'> => ({ campuses: snapshot.campuses });
