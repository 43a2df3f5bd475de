export * from './campus';
export * from './intake';
export * from './reduce';
export * from './selectors';
