export * from './agencies';
export * from './authorization';
export * from './reporting';
export * from './calendar';
export * from './plan-review';
export * from './assessment';
export * from './integrations';
