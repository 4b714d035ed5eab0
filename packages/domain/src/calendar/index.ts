export * from './calendar';
export * from './calendar-year';
