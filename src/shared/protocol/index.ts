export * from './common';
export * from './desk';
export * from './operator';
export * from './parse';
export * from './patron';
