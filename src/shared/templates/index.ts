export * from './calls';
export * from './defaults';
export * from './events';
export * from './fill';
export * from './holidays';
export * from './reduce';
export * from './schemas';
export * from './select';
