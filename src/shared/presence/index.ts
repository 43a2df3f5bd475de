export * from './calls';
export * from './events';
export * from './reduce';
export * from './schemas';
export * from './who-is-on';
