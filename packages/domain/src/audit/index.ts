export * from './chain';
export * from './export-format';
export * from './export-lines';
export * from './verify-export';
