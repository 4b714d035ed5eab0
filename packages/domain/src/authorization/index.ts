export * from './roles';
export * from './measure-rules';
