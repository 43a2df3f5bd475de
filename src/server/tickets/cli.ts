/** The tickets capability's options of `serve`: where tickets go besides Deskbell, and the chat hours. */
import { type ServeOption, stringFlag, UsageError } from '../platform/cli';
import { loadTicketDeliveryPlan } from './delivery/config';

export const ticketServeOptions: ServeOption = {
  flags: { 'ticket-delivery': { type: 'string' }, 'chat-hours': { type: 'string' } },
  help: [
    "  --ticket-delivery PATH  DESKBELL_TICKET_DELIVERY  where each campus's tickets go besides Deskbell, a JSON file:",
    '                        {"version":1,"campuses":[{"campus":"tunxis","email":"tickets@tunxis.example.edu",',
    '                        "libanswers":{"baseUrl":"https://SITE.libanswers.com","queueId":1234}}]} (both optional per campus;',
    '                        LibAnswers credentials as for FAQ imports, or "credentials":{"file":"/etc/deskbell/la.json"})',
    "  --chat-hours H      DESKBELL_CHAT_HOURS     directory (default: the widget is closed outside the chat service's hours",
    '                                              and offers a ticket) or always-open',
  ],
  read: (values) => {
    const deliveryPath = stringFlag(values, 'ticket-delivery') ?? process.env.DESKBELL_TICKET_DELIVERY;
    const chatHours = stringFlag(values, 'chat-hours') ?? process.env.DESKBELL_CHAT_HOURS ?? 'directory';
    if (chatHours !== 'directory' && chatHours !== 'always-open') throw new UsageError(`--chat-hours must be directory or always-open, got "${chatHours}"`);
    return { ticketDelivery: deliveryPath ? loadTicketDeliveryPlan(deliveryPath) : null, chatHours };
  },
};
