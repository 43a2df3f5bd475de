/**
 * A frame sent on a connection of its own, for what outlives the chat's socket (a ticket, a
 * rating): the frame names the chat with its resume token, so any connection will do. Resolves
 * with the server's answer to it (matched by id), or rejects when none comes in 15 s.
 */
import { parseFrame } from '../../../shared/protocol/parse';
import { PatronServerFrame, patronServerTypes } from '../../../shared/protocol/patron';
import type { ClientFrame, FrameOf, ServerFrameType } from './part';
import { socketUrl } from './socket';

const ANSWER_WITHIN_MS = 15_000;

export function sendOnce<T extends ServerFrameType>(frame: ClientFrame & { id: string }, answers: readonly T[]): Promise<FrameOf<T | 'error'>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl());
    const timer = window.setTimeout(() => {
      socket.close();
      reject(new Error('no answer'));
    }, ANSWER_WITHIN_MS);
    const isAnswer = (answer: PatronServerFrame): answer is FrameOf<T | 'error'> =>
      (answer.type === 'error' || answers.some((type) => type === answer.type)) && 'id' in answer && answer.id === frame.id;
    socket.addEventListener('open', () => socket.send(JSON.stringify(frame)));
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const parsed = parseFrame(event.data, PatronServerFrame, patronServerTypes);
      if (!parsed.ok || !isAnswer(parsed.value)) return;
      window.clearTimeout(timer);
      socket.close(1000, 'answered');
      resolve(parsed.value);
    });
    socket.addEventListener('error', () => {
      window.clearTimeout(timer);
      reject(new Error('cannot connect'));
    });
  });
}
