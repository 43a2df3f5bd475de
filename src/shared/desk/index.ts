export * from './events';
export * from './reduce';
export * from './state';
