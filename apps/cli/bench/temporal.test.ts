import { describe, expect, it } from 'vitest';
import { temporalTarget } from './temporal';

describe('temporalTarget (--temporal of every bench that reaches Temporal)', () => {
  it('is the dev server unless --temporal names the PostgreSQL-backed server', () => {
    expect(temporalTarget([])).toBe('dev');
    expect(temporalTarget(['--temporal', 'dev'])).toBe('dev');
    expect(temporalTarget(['--temporal', 'postgres'])).toBe('postgres');
  });

  it('refuses anything else, naming the flag', () => {
    expect(() => temporalTarget(['--temporal', 'sqlite'])).toThrow('--temporal: expected dev or postgres, got sqlite');
    expect(() => temporalTarget(['--temporal'])).toThrow('--temporal: expected dev or postgres, got nothing');
  });
});
