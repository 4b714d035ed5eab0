export * from './policy';
export * from './ladder';
export * from './cycles';
export * from './on-time-rate';
export { parseIsoDuration } from './duration';
