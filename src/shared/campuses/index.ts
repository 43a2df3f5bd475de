export * from './calls';
export * from './events';
export * from './hours';
export * from './reduce';
export * from './schemas';
export * from './hours-text';
export * from './chat-hours';
