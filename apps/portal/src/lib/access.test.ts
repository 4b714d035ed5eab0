import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, IMPORT_ROLES, mayOpen, returnPath, signInPath } from './access';

describe('who opens which page', () => {
  it('lets admins and coordinators import, not officers or auditors', () => {
    expect(mayOpen(['admin'], IMPORT_ROLES)).toBe(true);
    expect(mayOpen(['officer', 'coordinator'], IMPORT_ROLES)).toBe(true);
    expect(mayOpen(['officer'], IMPORT_ROLES)).toBe(false);
    expect(mayOpen(['auditor'], IMPORT_ROLES)).toBe(false);
    expect(mayOpen(['officer'], undefined)).toBe(true);
  });

  it('opens 接口与推送 to admins only, an auditor who is also an admin included', () => {
    expect(mayOpen(['admin'], ADMIN_ROLES)).toBe(true);
    expect(mayOpen(['auditor', 'admin'], ADMIN_ROLES)).toBe(true);
    expect(mayOpen(['auditor'], ADMIN_ROLES)).toBe(false);
    expect(mayOpen(['coordinator'], ADMIN_ROLES)).toBe(false);
    expect(mayOpen(['officer'], ADMIN_ROLES)).toBe(false);
  });
});

describe('coming back after signing in', () => {
  it('returns to the page the person was sent away from', () => {
    const login = signInPath({ pathname: '/plans/4f0c5e8e-8d51-4b43-9c43-3a3b7b1f0e11', search: '?lang=en', hash: '' });
    expect(login).toBe('/login?next=%2Fplans%2F4f0c5e8e-8d51-4b43-9c43-3a3b7b1f0e11%3Flang%3Den');
    expect(returnPath(new URLSearchParams(login.split('?')[1]).get('next'))).toBe('/plans/4f0c5e8e-8d51-4b43-9c43-3a3b7b1f0e11?lang=en');
  });

  it('goes to the plans by default, and never to another site', () => {
    expect(signInPath({ pathname: '/', search: '', hash: '' })).toBe('/login');
    expect(returnPath(null)).toBe('/inbox');
    expect(returnPath('https://evil.example/')).toBe('/inbox');
    expect(returnPath('//evil.example/')).toBe('/inbox');
    expect(returnPath('/\\evil.example')).toBe('/inbox');
    expect(returnPath('/login?next=/import')).toBe('/inbox');
    expect(returnPath('/import')).toBe('/import');
  });
});
