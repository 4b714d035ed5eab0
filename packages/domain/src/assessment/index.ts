export * from './rules';
export * from './period';
export * from './score';
