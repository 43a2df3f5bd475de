export * from './calls';
export * from './limits';
export * from './policy';
export * from './tray';
export * from './handoffs';
