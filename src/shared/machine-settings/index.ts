export * from './calls';
export * from './schema';
