import { createContext, useContext } from 'react';
import type { SoundPlayer } from './sound-player';

/** The window's one sound player, for the panels that try a sound (the settings). */
export const PlayerContext = createContext<SoundPlayer | null>(null);
export const usePlayer = (): SoundPlayer | null => useContext(PlayerContext);
