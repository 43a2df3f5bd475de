export * from './events';
export * from './reduce';
export * from './state';
export * from './snapshot-fields';
