export { hashPassword, verifyPassword, PASSWORD_HASH_OPTIONS } from './password';
export {
  SESSION_COOKIE,
  SESSION_IDLE_SECONDS,
  SESSION_LIFETIME_SECONDS,
  SESSION_TOUCH_SECONDS,
  createSession,
  resolveSession,
  revokeSession,
  revokeUserSessions,
  sessionIdOf,
} from './sessions';
export { signIn, SIGN_IN_LIMITS, WRONG_CREDENTIALS_MESSAGE, type SignInInput } from './sign-in';
export {
  actorProfile,
  createUser,
  createUserInput,
  findAgency,
  listUsers,
  passwordSchema,
  resetPassword,
  resetPasswordInput,
  rolesSchema,
  usernameSchema,
  type ActorProfile,
  type CreateUserInput,
  type ResetPasswordInput,
  type UserSummary,
} from './users';
export { DEMO_PASSWORD, DEMO_USERS, ensureDemoUsers, type DemoUser } from './demo-users';
