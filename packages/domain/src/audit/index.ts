export * from './chain';
export * from './export-format';
