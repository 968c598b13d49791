/** What app.ts needs from the identity module. */
export { identityRoutes, type IdentityRoutesOptions } from './routes.js';
export { userRoutes, type UserRoutesOptions } from './userRoutes.js';
export {
  authenticate,
  csrfGuard,
  currentSession,
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  PUBLIC_API_PATHS,
  type AuthMode,
  type AuthenticateOptions,
  type CsrfGuardOptions,
} from './middleware.js';
export { AttemptLimiter } from '../domain/attemptLimiter.js';
export { seedDemoUsers, deleteAccountsOf, DEMO_ACCOUNTS, DEMO_PASSWORD } from '../commands/demoUsers.js';
