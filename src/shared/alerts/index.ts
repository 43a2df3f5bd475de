export * from './policy';
export * from './tray';
