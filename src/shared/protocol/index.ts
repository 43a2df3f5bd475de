export * from './common';
export * from './operator';
export * from './parse';
export * from './patron';
