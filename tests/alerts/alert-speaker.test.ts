/**
 * The Speaker, the one way a sound leaves the core: IT's volume floor raises every sound, the
 * chime and the hand-offs as much as the escalation; a mute silences every one of them; a mute
 * IT does not allow silences nothing, even one left in the settings.
 */
import { describe, expect, it } from 'vitest';
import { Speaker } from '../../src/main/core/alerts/speaker';
import { type AlertLimits, type AlertSettings, DEFAULT_ALERT_SETTINGS, NO_ALERT_LIMITS, PLAYABLE_SOUNDS } from '../../src/shared/alerts';
import type { SoundRequest } from '../../src/shared/api';

const NOW = Date.UTC(2026, 11, 7, 15, 0, 0);

function speakerWith(settings: Partial<AlertSettings>, limits: Partial<AlertLimits>) {
  const played: SoundRequest[] = [];
  const speaker = new Speaker({
    play: (request) => played.push(request),
    settings: () => ({ ...DEFAULT_ALERT_SETTINGS, ...settings }),
    limits: () => ({ ...NO_ALERT_LIMITS, ...limits }),
    now: () => NOW,
    stamp: () => 42,
  });
  return { speaker, played };
}

describe('the speaker', () => {
  it("plays every sound at IT's floor at least, never above full volume, each with its own id", () => {
    const { speaker, played } = speakerWith({}, { minVolume: 0.6 });
    for (const sound of PLAYABLE_SOUNDS) speaker.play({ sound, volume: 0.2, chatIds: ['c1'] });
    speaker.play({ sound: 'urgent', volume: 1.4, chatIds: [] });
    expect(played.map((p) => [p.sound, p.volume])).toEqual([...PLAYABLE_SOUNDS.map((s) => [s, 0.6]), ['urgent', 1]]);
    expect(new Set(played.map((p) => p.id)).size).toBe(played.length);
    expect(played[0]).toMatchObject({ type: 'sound', chatIds: ['c1'], decidedAt: 42 });
  });

  it('plays nothing during a mute, the chime included', () => {
    const { speaker, played } = speakerWith({ mutedUntil: NOW + 60_000 }, {});
    expect(speaker.play({ sound: 'message', volume: 0.5, chatIds: [] })).toBe(false);
    expect(speaker.play({ sound: 'urgent', volume: 1, chatIds: [] })).toBe(false);
    expect(played).toEqual([]);
  });

  it('is not silenced by a mute where IT allows none, and hears the master volume at the floor', () => {
    const { speaker, played } = speakerWith({ mutedUntil: NOW + 60_000, volume: 0.1 }, { maxMuteMinutes: 0, minVolume: 0.5 });
    expect(speaker.heard()).toMatchObject({ mutedUntil: null, volume: 0.5 });
    expect(speaker.play({ sound: 'message', volume: 0.2, chatIds: [] })).toBe(true);
    expect(played.map((p) => p.volume)).toEqual([0.5]);
  });
});
