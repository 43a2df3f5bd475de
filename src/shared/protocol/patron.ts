/** The patron widget's socket: frames composed from the capabilities a patron takes part in. */
import { z } from 'zod';
import { chatPatronClientFrames, chatPatronServerFrames } from '../chats/patron-frames';
import { feedbackPatronClientFrames, feedbackPatronServerFrames } from '../feedback/patron-frames';
import { ticketPatronClientFrames, ticketPatronServerFrames } from '../tickets/patron-frames';
import { ErrorFrame, Ping, Pong } from './common';
import { typesOf } from './parse';

export const PatronClientFrame = z.discriminatedUnion('type', [...chatPatronClientFrames, ...ticketPatronClientFrames, ...feedbackPatronClientFrames, Ping]);
export type PatronClientFrame = z.infer<typeof PatronClientFrame>;
export type PatronFrameType = PatronClientFrame['type'];
export const patronClientTypes = typesOf(PatronClientFrame.options);

export const PatronServerFrame = z.discriminatedUnion('type', [...chatPatronServerFrames, ...ticketPatronServerFrames, ...feedbackPatronServerFrames, ErrorFrame, Pong]);
export type PatronServerFrame = z.infer<typeof PatronServerFrame>;
export const patronServerTypes = typesOf(PatronServerFrame.options);
