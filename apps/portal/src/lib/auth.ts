import { createContext, useContext } from 'react';
import type { Me } from './api';

/** The signed-in person, provided by `RequireSignIn` once `auth.me` answered. */
export const MeContext = createContext<Me | null>(null);

/** The signed-in person; only inside `RequireSignIn`. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside RequireSignIn');
  return me;
}
