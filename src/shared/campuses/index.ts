export * from './reduce';
export * from './schemas';
