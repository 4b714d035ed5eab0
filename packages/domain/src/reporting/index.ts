export * from './policy';
export * from './ladder';
export * from './cycles';
export { parseIsoDuration } from './duration';
