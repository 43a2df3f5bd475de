export * from './calls';
export * from './events';
export * from './intake';
export * from './labels';
export * from './patron-frames';
export * from './reduce';
export * from './schemas';
export * from './selectors';
