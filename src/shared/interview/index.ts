export * from './calls';
export * from './events';
export * from './reduce';
export * from './schemas';
