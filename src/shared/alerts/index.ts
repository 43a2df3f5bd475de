export * from './calls';
export * from './policy';
export * from './tray';
