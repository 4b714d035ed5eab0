import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting: 19 MiB of memory, 2 passes, 1 lane
 * (about 60 ms per hash on one core here). The parameters travel inside each PHC string
 * (`$argon2id$v=19$m=19456,t=2,p=1$…`), so raising them later still verifies old hashes.
 */
export const PASSWORD_HASH_OPTIONS: Options = {
  // Algorithm.Argon2id; the enum is `const` and cannot be read under isolatedModules.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that is not a valid argon2 string. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends as long as verifying a real password, for a username that does not exist, so the
 * response time does not tell which usernames do.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('liandong: no such user');
  await verifyPassword(await dummyHash, password);
  return false;
}
