export * from './chunks';
export * from './draft-check';
