import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PatronClient } from '../../src/dev/patron-client';
import { type Librarian, startLibrarian, startWorld } from './harness';
import { waitFor } from './wait';

/**
 * A desk as a librarian has it mid-shift, for the screenshots and the layout tests: Ada
 * (Norwalk, an administrator), Lee (Norwalk) and Sam (Gateway) on one backend; an urgent chat from another
 * campus, chats waiting, one claimed by Sam, one held by Ada with a conversation, an ended chat
 * (a transcript), a ticket, a note, and FAQs in the cache.
 */
export interface PopulatedDesk {
  ada: Librarian;
  sam: Librarian;
  lee: Librarian;
  /** The chat Ada holds, open in front. */
  mine: string;
  /** An urgent chat nobody has claimed. */
  urgent: string;
  /** A chat Ada held and ended (a transcript, and a chat an incident report can be filed about). */
  ended: string;
  backendUrl: string;
  close(): Promise<void>;
}

const FAQS = [
  { id: '101', question: 'How do I renew a book?', answer: 'Renew online in My Account, or call the circulation desk.', topics: ['Borrowing'], permalink: 'https://norwalk.libanswers.example/faq/101' },
  { id: '102', question: 'Can I print in color?', answer: 'Yes, at the front desk: 25 cents a page.', topics: ['Printing'], permalink: 'https://norwalk.libanswers.example/faq/102' },
  { id: '103', question: 'How do I get into the databases from home?', answer: 'Sign in with your student ID and password when asked.', topics: ['Databases'], permalink: 'https://norwalk.libanswers.example/faq/103' },
];

export async function startPopulatedDesk(): Promise<PopulatedDesk> {
  // Urgent after 3 s, so every card state is on the board without a long wait; no ticket offer.
  const world = await startWorld({ beepIntervalMs: 1_000, urgentAfterMs: 3_000, ticketOfferAfterMs: 600_000 });
  const patrons: PatronClient[] = [];
  const librarians: Librarian[] = [];
  const close = async () => {
    for (const p of patrons) p.close();
    await Promise.all(librarians.map((l) => l.close()));
    await world.backend.close();
  };
  try {
    world.addOperator('ada', 'Ada Reyes', 'norwalk');
    world.backend.server.setRole('ada', 'admin');
    world.addOperator('sam', 'Sam Okafor', 'gateway');
    world.addOperator('lee', 'Lee Park', 'norwalk');
    const faqFile = join(world.backend.dir, 'norwalk-faqs.json');
    writeFileSync(faqFile, JSON.stringify(FAQS));
    await world.backend.server.importFaqs('norwalk', { kind: 'json', path: faqFile });
    const ada = await startLibrarian(world.backend, 'ada', world.timing);
    librarians.push(ada);
    const sam = await startLibrarian(world.backend, 'sam', world.timing);
    librarians.push(sam);
    const lee = await startLibrarian(world.backend, 'lee', world.timing);
    librarians.push(lee);
    const start = async (campus: string, name: string, question: string) => {
      const p = new PatronClient(world.backend.server.url);
      patrons.push(p);
      return { p, chatId: await p.start(campus, name, question) };
    };
    const call = async <T>(outcome: Promise<{ ok: boolean; error?: { message: string } } & T>) => {
      const done = await outcome;
      if (!done.ok) throw new Error(done.error?.message ?? 'refused');
    };

    // A chat that ended: a transcript to find; and one made a ticket in Norwalk's queue.
    const ended = await start('norwalk', 'Grace', 'Is the library open on Sunday?');
    await call(ada.core.call('chat.claim', { chatId: ended.chatId }));
    await call(ada.core.call('chat.send', { chatId: ended.chatId, text: 'Hi Grace! On Sundays we are open 1 to 5 pm.' }));
    await call(ada.core.call('chat.end', { chatId: ended.chatId }));
    const ticketed = await start('norwalk', 'Omar', 'I need the syllabus reading list for HIS 101 sent to me');
    await call(ada.core.call('chat.claim', { chatId: ticketed.chatId }));
    await call(ada.core.call('ticket.create', { chatId: ticketed.chatId, email: 'omar@student.example.edu', noEmail: false, question: 'The HIS 101 reading list', despiteOnline: true }));
    // A Gateway ticket too: the tickets button counts every campus's open tickets.
    const gatewayTicket = await start('gateway', 'Ana', 'Can someone email me the interlibrary loan form?');
    await call(sam.core.call('chat.claim', { chatId: gatewayTicket.chatId }));
    await call(sam.core.call('ticket.create', { chatId: gatewayTicket.chatId, email: 'ana@student.example.edu', noEmail: false, question: 'The interlibrary loan form', despiteOnline: true }));
    await call(sam.core.call('note.send', { to: { kind: 'operator', operatorId: ada.core.sessionView().operator?.id ?? '' }, text: 'Can you take Gateway chats for 10 minutes? I am at the desk with a class.' }));

    const urgent = await start('southern', 'Jordan', 'I need a peer-reviewed article on nursing burnout for NUR 201');
    const mine = await start('norwalk', 'Maya', 'What time do you close today?');
    await call(ada.core.call('chat.claim', { chatId: mine.chatId }));
    mine.p.say('Also, can I print in color there?');
    await call(ada.core.call('chat.send', { chatId: mine.chatId, text: 'Hi Maya! Norwalk closes at 9 pm today.' }));
    await call(ada.core.call('chat.send', { chatId: mine.chatId, text: 'Color printing is at the front desk, 25 cents a page.' }));
    const theirs = await start('gateway', 'Luis', 'How do I get into CINAHL from home?');
    await call(sam.core.call('chat.claim', { chatId: theirs.chatId }));
    await start('norwalk', 'how do I renew a book online?', 'how do I renew a book online?');
    await start('gateway', 'Priya', 'Do you have the ENG 101 textbook on reserve?');
    await start('tunxis', 'Dev', 'Where do I find the APA guide?');
    await waitFor(() => Object.values(ada.core.state.chats).length >= 8, 'every chat on the desk');
    return { ada, sam, lee, mine: mine.chatId, ended: ended.chatId, urgent: urgent.chatId, backendUrl: world.backend.server.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
