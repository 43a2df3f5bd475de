export * from './calls';
export * from './events';
export * from './patron-frames';
export * from './reduce';
export * from './schemas';
export * from './selectors';
