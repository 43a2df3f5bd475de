/**
 * The templates a new backend starts with, for the whole institution. Administrators edit them
 * in the app (per institution and per campus); the backend seeds what it does not have yet and
 * never overwrites an edit. Wording is ours; numbers and contacts come from the workflow guide
 * (../shared/WORKFLOW.md), except two marked `check` for an administrator to confirm.
 *
 * The hand-off notices (audience `notice`: a transfer, a ticket, the closed chat page) are here
 * too, under the names in ./notices.ts: Deskbell sends them itself, through the server's
 * `templateText(name, campus)`, so an administrator's edit of one reaches the patron.
 */
import type { TemplateInput } from './schemas';

export const DEFAULT_TEMPLATES: readonly TemplateInput[] = [
  // Greeting: by name, or ask for it; ask for an email early, in case the chat drops.
  { id: 'greeting.by-name', category: 'greeting', label: 'Greet by name', shortcut: 'hi', text: 'Hi {patron}! I’m {me}, a librarian. Let me take a look at your question.' },
  { id: 'greeting.ask-name', category: 'greeting', label: 'Greet and ask the name', shortcut: 'name', text: 'Hi, I’m {me}, a librarian, and I’m glad to help. May I have your name?' },
  { id: 'followup.ask-email', category: 'followup', label: 'Ask for an email', shortcut: 'email', text: 'In case we get disconnected, or I need to follow up later, could you share your email address?' },
  // Answering for another campus: say so.
  {
    id: 'campus.other',
    category: 'campus',
    label: 'Answering for another campus',
    shortcut: 'campus',
    text: 'Just so you know, I’m a librarian at {myCampus}, covering chat for {campus} right now. I’ll make sure the answer fits {campus}.',
  },
  // Never dead air.
  { id: 'wait.minute', category: 'wait', label: 'Give me a minute', shortcut: 'minute', text: 'Give me a minute to look into that for you.' },
  { id: 'wait.still-looking', category: 'wait', label: 'Still looking', shortcut: 'still', text: 'Still looking! Thanks for your patience, I’ll be right back with what I find.' },
  // Too complex for chat: phone or email.
  {
    id: 'followup.phone-email',
    category: 'followup',
    label: 'Offer phone or email follow-up',
    shortcut: 'followup',
    text: 'This needs a closer look than chat allows. I can follow up by email, or you can call the library at {campusPhone}. Which would you prefer?',
  },
  // Ending.
  { id: 'check.answered', category: 'check', label: 'Does that answer it?', shortcut: 'answered', text: 'Does that answer your question?' },
  { id: 'check.anything-else', category: 'check', label: 'Anything else?', shortcut: 'else', text: 'Is there anything else I can help you with today?' },
  { id: 'closing.thanks', category: 'closing', label: 'Close warmly', shortcut: 'bye', text: 'Thanks for chatting with us, {patron}! Come back any time you have a question.' },
  {
    id: 'closing.weather',
    category: 'closing',
    label: 'Close, bad weather',
    shortcut: 'weather',
    text: 'Thanks for chatting with us, {patron}. The roads look rough today, so please drive carefully!',
  },
  {
    id: 'silence.notice',
    category: 'silence',
    label: 'Silence notice',
    shortcut: 'silent',
    text: 'I haven’t heard from you in a little while, so I’ll close this chat in a few minutes. If you still need help, just send a message, or start a new chat any time.',
  },
  { id: 'silence.closing', category: 'silence', label: 'Close a silent chat', shortcut: 'close', text: 'I’m closing this chat now. You’re welcome to start a new one whenever you have a question. Take care!' },
  // The reference interview.
  { id: 'interview.campus', category: 'interview', label: 'Which campus? On or off?', shortcut: 'where', text: 'Which campus are you with, and are you on campus right now or working from somewhere else?' },
  {
    id: 'interview.off-campus',
    category: 'interview',
    label: 'Off-campus sign-in',
    shortcut: 'offcampus',
    text: 'Since you’re off campus, the library databases will ask you to sign in first, with your student ID and password.',
  },
  { id: 'interview.assignment', category: 'interview', label: 'For an assignment?', shortcut: 'assignment', text: 'Is this for an assignment? If so, which class is it for, and who is the professor?' },
  {
    id: 'interview.need',
    category: 'interview',
    label: 'What is needed?',
    shortcut: 'need',
    text: 'What kind of sources are you looking for: peer-reviewed articles, a particular database, any articles on the topic, or books?',
  },
  // Abuse: the transcript is kept, the director can be told, the chat ends under policy.
  { id: 'abuse.transcript-saved', category: 'abuse', label: 'Transcript is saved', shortcut: 'saved', text: 'Please note that this conversation is recorded and the transcript is saved.' },
  {
    id: 'abuse.ticket-director',
    category: 'abuse',
    label: 'Offer a ticket to the director',
    shortcut: 'director',
    text: 'If you have a concern about the library or this service, I can pass it on to the library director, who will follow up with you. Would you like me to do that?',
  },
  {
    id: 'abuse.policy-end',
    category: 'abuse',
    label: 'End under the policy',
    shortcut: 'policy',
    text: 'I’m ending this chat now because it goes against our acceptable use policy. If you need library help later, you’re welcome to reach out again.',
  },
  // Crisis: resources for the patron, each one click.
  { id: 'crisis.911', category: 'crisis', label: '911 or the emergency department', shortcut: '911', text: 'If you are in danger or need urgent medical help, please call 911 now, or go to your nearest emergency department.' },
  { id: 'crisis.741741', category: 'crisis', label: 'Text 741741', shortcut: 'text741741', text: 'You can text 741741 to reach the Crisis Text Line at any hour, day or night.' },
  {
    id: 'crisis.988',
    category: 'crisis',
    label: 'Call or text 988',
    shortcut: '988',
    text: 'You can call or text 988, the Suicide and Crisis Lifeline, any time, 24/7. They answer in English and Spanish.',
  },
  { id: 'crisis.211', category: 'crisis', label: 'Call 211', shortcut: '211', text: 'You can also call 211. They can connect you with help nearby, and with the 988 crisis line.' },
  { id: 'crisis.interval-house', category: 'crisis', label: 'Interval House', shortcut: '', text: 'Interval House, a shelter for people facing domestic violence, can be reached at 860-838-8467.' },
  {
    id: 'crisis.dmhas',
    category: 'crisis',
    label: 'CT DMHAS treatment access',
    shortcut: '',
    text: 'The Connecticut Department of Mental Health and Addiction Services helps people find treatment, 24/7, at 800-563-4086.',
  },
  {
    id: 'crisis.sexual-assault',
    category: 'crisis',
    label: 'Sexual Assault Crisis Hotline',
    shortcut: '',
    text: 'The Sexual Assault Crisis Hotline is there for you: 888-999-5545 in English, 888-568-8332 in Spanish.',
  },
  {
    id: 'crisis.domestic-violence',
    category: 'crisis',
    label: 'Statewide Domestic Violence Hotline',
    shortcut: '',
    text: 'Connecticut’s statewide domestic violence hotline, CT Safe Connect, can help any time: call or text 888-774-2900.',
    check: true,
  },
  { id: 'crisis.trevor', category: 'crisis', label: 'Trevor Project (LGBTQ+ youth)', shortcut: '', text: 'The Trevor Project supports LGBTQ+ young people 24/7: call 1-866-488-7386.', check: true },
  { id: 'crisis.counseling', category: 'crisis', label: 'Campus counseling page', shortcut: '', text: 'Counseling at {campus} is here for you too: [{campus} counseling services]({counselingUrl})' },
  // Crisis: for the librarian only, never sent.
  {
    id: 'crisis.guide',
    category: 'crisis',
    audience: 'librarian',
    label: 'In a crisis',
    text: 'Listen without judgement and use their name.\nNever say you know how they feel; no personal stories; never diagnose.\nA stated plan to hurt anyone is believed: call 911 or 988 with everything you know (full name, email, phone).\nThen call campus public safety, and tell the library director.',
  },
  {
    id: 'crisis.support',
    category: 'crisis',
    audience: 'librarian',
    label: 'Afterwards',
    text: 'That was a hard conversation. Take a few minutes before the next chat, let your director know, and reach out to employee counseling if it stays with you.',
  },
  // Hand-off notices: sent by Deskbell on the librarian's behalf, never offered in the picker.
  // Each may use only the variables ./notices.ts gives it.
  {
    id: 'transfer.taking-over',
    category: 'handoff',
    audience: 'notice',
    label: 'Transfer accepted (to the patron)',
    text: '{myName} from the {myCampus} is taking over this chat now. They can see everything we have written so far.',
  },
  {
    id: 'transfer.to-queue',
    category: 'handoff',
    audience: 'notice',
    label: 'Chat sent to a campus queue',
    text: 'I am passing your question to the {campus}. A librarian there will join this chat shortly; please stay on this page.',
  },
  {
    id: 'ticket.made',
    category: 'handoff',
    audience: 'notice',
    label: 'Ticket made, with the patron’s email',
    text: 'I have made a ticket for the {campus} (reference {encounterId}). A librarian there will reply to {email}. It may take a day or two; thank you for your patience.',
  },
  {
    id: 'ticket.made-no-email',
    category: 'handoff',
    audience: 'notice',
    label: 'Ticket made, no email',
    text: 'I have made a ticket for the {campus} (reference {encounterId}). As we have no email for you, please contact the library and quote that reference; an answer may take a while.',
  },
  {
    id: 'ticket.ask-email',
    category: 'handoff',
    audience: 'notice',
    label: 'Ask for an email (ticket button)',
    text: 'Could you give me your email address? Then a librarian at the {campus} can follow up if we get cut off or need more time.',
  },
  {
    id: 'ticket.patron-made',
    category: 'handoff',
    audience: 'notice',
    label: 'Patron’s own ticket made (chat page)',
    text: 'Thank you, {patron}. Your question is now ticket {encounterId} for the {campus}; a librarian will reply to {email}. It may take a while.',
  },
  {
    id: 'widget.closed',
    category: 'handoff',
    audience: 'notice',
    label: 'Chat closed (chat page)',
    text: 'Chat with a librarian is closed right now. {opensAt}Leave your question and your email below and a librarian from the {campus} will reply.',
  },
];
