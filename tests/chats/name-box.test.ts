import { describe, expect, it } from 'vitest';
import { nameLooksLikeQuestion } from '../../src/shared/chats/intake';
import { knownPatronName, patronLabel, patronQuestion } from '../../src/shared/chats/labels';
import { chat } from '../support/fixtures';

/** Real-looking entries in the widget's name box: names, and questions typed there by mistake. */
const NAMES = [
  'Maya',
  'Maya Lopez',
  'maya lopez',
  'Jean-Luc Picard',
  "Siobhán O'Connor",
  'Dr. Jo Ann Smith-Lee',
  'John Smith Jr.',
  'María del Carmen de la Cruz',
  'Nguyễn Văn An',
  '李小龙',
  'J.',
  'Anonymous',
  'student',
  'hours',
  'Kim (she/her)',
  'Tunxis student',
];
const QUESTIONS = [
  'what time do you close today?',
  'how do I get into CINAHL',
  'I need a peer reviewed article on nursing',
  'Hi, I need help finding a book',
  'hello i cant log in to the databases',
  'Can I renew my laptop loan',
  'library hours',
  'where is the quiet floor',
  'APA citation help',
  'need 5 scholarly sources for my english paper',
  'Is the library open on Saturday',
  'my password does not work',
  'Looking for the textbook for BIO 121',
  'Quick question about printing',
  'Do you have The Great Gatsby?',
  'Interlibrary loan request',
  'I am trying to find statistics about opioid use in Connecticut.',
];

describe('the name-box question heuristic', () => {
  it.each(NAMES)('%s is a name', (entry) => expect(nameLooksLikeQuestion(entry)).toBe(false));
  it.each(QUESTIONS)('%s is a question', (entry) => expect(nameLooksLikeQuestion(entry)).toBe(true));
});

describe('what the desk calls the patron', () => {
  it('uses the name given in the chat, else the name box unless it held the question', () => {
    const asked = chat('c1', 'tunxis', 0, { patronName: 'how do I find articles?', nameIsQuestion: true, question: 'for NUR 101' });
    expect(patronLabel(asked)).toBe('Name not given');
    expect(knownPatronName(asked)).toBeNull();
    expect(patronQuestion(asked)).toBe('how do I find articles?\nfor NUR 101');
    expect(patronLabel({ ...asked, givenName: 'Maya' })).toBe('Maya');
    expect(knownPatronName({ ...asked, givenName: 'Maya' })).toBe('Maya');
    // The question box only repeating the name box adds nothing.
    expect(patronQuestion({ ...asked, question: 'how do I find articles?' })).toBe('how do I find articles?');
    const named = chat('c2', 'tunxis', 0, { patronName: 'Jo', question: 'When do you close?' });
    expect(patronLabel(named)).toBe('Jo');
    expect(patronQuestion(named)).toBe('When do you close?');
  });
});
