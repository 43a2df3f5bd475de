export * from './calls';
export * from './format';
export * from './schemas';
