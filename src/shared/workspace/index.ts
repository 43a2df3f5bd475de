export * from './calls';
export * from './nudges';
