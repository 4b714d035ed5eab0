export * from './roles';
export * from './measure-rules';
export * from './policy';
