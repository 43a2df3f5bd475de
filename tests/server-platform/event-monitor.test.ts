import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../src/shared/desk/events';
import { PatronClient } from '../../src/dev/patron-client';
import { startTestBackend, type TestBackend } from '../support/backend';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend();
});
afterAll(async () => {
  await backend.close();
});

describe("a monitor of the backend's events (RunningServer.observe)", () => {
  it('hears each event as it is published; one that throws stops neither the others nor the chat', async () => {
    const heard: DeskEvent[] = [];
    backend.server.observe(() => {
      throw new Error('a broken monitor');
    });
    backend.server.observe((event) => heard.push(event));
    const patron = new PatronClient(backend.server.url);
    try {
      const [campus] = backend.server.campuses;
      if (!campus) throw new Error('no campus');
      const chatId = await patron.start(campus.id, 'Monitored', 'Is the library open?');
      expect(heard.filter((event) => event.type === 'chat.created').map((event) => (event.type === 'chat.created' ? event.chat.id : ''))).toEqual([chatId]);
    } finally {
      patron.close();
    }
  });
});
