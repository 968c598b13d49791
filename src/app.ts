/**
 * The HTTP application: JSON API under /api, the staff UI (built SPA) for the rest.
 * Request flow: request log → compression → secure headers → health/ready → actor → (tenant)
 * → route: validate → load → authorize → command → present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Store } from './db/client.js';
import { demoAdministrator, type Actor } from './modules/access/domain/policy.js';
import { auditRoutes } from './modules/audit/http/routes.js';
import { authenticate, csrfGuard, currentSession, identityRoutes, userRoutes, type AuthMode } from './modules/identity/http/index.js';
import { departmentRoutes } from './modules/departments/http/routes.js';
import { importRoutes, IMPORT_UPLOAD_PATH } from './modules/imports/http/routes.js';
import { kpiRoutes } from './modules/kpis/http/routes.js';
import { exportRoutes } from './modules/exports/http/routes.js';
import { financeRoutes } from './modules/finance/http/routes.js';
import { municipalityRoutes } from './modules/municipalities/http/routes.js';
import { pdcaRoutes } from './modules/pdca/http/routes.js';
import { chasingRoutes } from './modules/pdca/chasing/http/routes.js';
import { viewRoutes } from './modules/pdca/views/http/routes.js';
import { planRoutes } from './modules/plans/http/routes.js';
import { publishRoutes } from './modules/publish/http/routes.js';
import { publicationRoutes } from './modules/publish/http/publications.js';
import { PUBLIC_OPEN_DATA_MOUNT, publicOpenDataRoutes } from './modules/publish/http/publicRoutes.js';
import { publicSiteRoutes } from './modules/publish/http/publicSite.js';
import { reviewRoutes } from './modules/review/http/routes.js';
import { tagRoutes } from './modules/tags/http/routes.js';
import { onboardingRoutes } from './modules/onboarding/http/routes.js';
import { compress } from './shared/http/compress.js';
import { onError } from './shared/http/errors.js';
import { healthRoutes } from './shared/http/health.js';
import { inputHygiene } from './shared/http/inputHygiene.js';
import { requestLog } from './shared/http/requestLog.js';
import { openApiDocument } from './shared/http/openapi.js';
import { loadTenant } from './shared/http/tenant.js';
import type { AppEnv } from './shared/http/types.js';
import { notFound } from './shared/errors.js';
import { log, type Logger } from './shared/log.js';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface AppOptions {
  store: Store;
  /** fallback actor when no session is presented (tests); defaults to the demo administrator */
  resolveActor?: (req: Request) => Actor;
  /**
   * 'required': every /api route but login, health and the OpenAPI document needs a session.
   * 'demo': requests without a session act as resolveActor / the demo administrator (tests, API exploration).
   */
  auth?: AuthMode;
  /** where the request log goes (tests pass one writing to memory); defaults to the process's logger */
  logger?: Logger;
  /** the built staff UI (index.html, assets/); defaults to web/dist */
  webRoot?: string;
  /** started with the demo: the sign-in page lists the demo accounts (never in production) */
  demo?: boolean;
  /** GYOKAKU_PUBLIC_URL: base of absolute links in public documents (never the request's Host); unset: relative links */
  publicUrl?: string | undefined;
}

/** Vite names assets by their content hash: a changed file gets a new name, so browsers may keep these for good. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export function createApp(opts: AppOptions) {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  const mode = opts.auth ?? 'demo';
  app.use(
    '*',
    requestLog({
      logger: opts.logger ?? log,
      // the signed-in user; in demo mode everyone acts as the demo actor, which is logged as such
      actorOf: (c) => currentSession(c)?.actor.id ?? (mode === 'demo' && c.req.path.startsWith('/api/') ? c.get('actor')?.id : undefined),
    }),
  );
  app.use('*', compress());
  app.use(
    '*',
    secureHeaders({
      // LGWAN: nothing may load from outside; the CSP makes that a rule the browser enforces.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  const apiBodyLimit = bodyLimit({ maxSize: 2 * 1024 * 1024 });
  // import uploads have their own 20 MB limit (modules/imports/http/routes.ts)
  app.use('/api/*', (c, next) => (IMPORT_UPLOAD_PATH.test(c.req.path) ? next() : apiBodyLimit(c, next)));
  // NUL / lone surrogates in path, query, JSON or form fields: 400/422 naming the field, never a 500 from the database
  app.use('*', inputHygiene({ skipBody: (p) => IMPORT_UPLOAD_PATH.test(p) }));
  app.use('*', async (c, next) => {
    c.set('store', opts.store);
    c.set('publicUrl', opts.publicUrl);
    c.set('actor', opts.resolveActor ? opts.resolveActor(c.req.raw) : demoAdministrator);
    await next();
  });
  // probes come without a session and must not wait for one to be looked up
  app.route('/', healthRoutes());
  app.use('/api/*', csrfGuard({ mode }));
  app.use('/api/*', authenticate({ mode }));

  const api = new Hono<AppEnv>();
  api.get('/openapi.json', (c) => c.json(openApiDocument()));
  api.get('/me', (c) => {
    const a = c.get('actor');
    return c.json({ id: a.id, name: a.name, role: a.role });
  });
  api.route('/', identityRoutes());
  api.route('/', municipalityRoutes());
  const tenant = new Hono<AppEnv>();
  tenant.use('*', loadTenant);
  tenant.route('/', planRoutes());
  tenant.route('/', departmentRoutes());
  tenant.route('/', tagRoutes());
  tenant.route('/', auditRoutes());
  tenant.route('/', reviewRoutes());
  tenant.route('/', pdcaRoutes());
  tenant.route('/', viewRoutes());
  tenant.route('/', chasingRoutes());
  tenant.route('/', userRoutes());
  tenant.route('/', onboardingRoutes());
  tenant.route('/', importRoutes());
  tenant.route('/', exportRoutes());
  tenant.route('/', publishRoutes());
  tenant.route('/', publicationRoutes());
  tenant.route('/', financeRoutes());
  tenant.route('/', kpiRoutes());
  api.route('/m/:code', tenant);
  // open data for everyone: no session (authenticate lets GET /api/public/ through), CORS *
  api.route(PUBLIC_OPEN_DATA_MOUNT, publicOpenDataRoutes());
  api.all('*', () => {
    throw notFound('API');
  });
  app.route('/api', api);

  // citizens' open-data page, server-rendered: before the staff UI's catch-all
  app.route('/', publicSiteRoutes());

  // Staff UI: built files, and index.html for client-side routes.
  const webRoot = path.resolve(opts.webRoot ?? webDist);
  if (fs.existsSync(path.join(webRoot, 'index.html'))) {
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200 || c.res.status === 206) c.res.headers.set('cache-control', IMMUTABLE_CACHE);
    });
    app.use('/assets/*', serveStatic({ root: webRoot }));
    // an asset an old page still asks for is gone: 404, never index.html in its place
    app.all('/assets/*', (c) => c.text('ファイルが見つかりません。画面を再読み込みしてください。', 404, { 'cache-control': 'no-store' }));
    app.use('/favicon.svg', serveStatic({ root: webRoot }));
    // the page learns it runs the demo from a meta tag: no extra request, and no inline script for the CSP to refuse
    const demoMeta = opts.demo ? '<meta name="gyokaku-demo" content="1" />' : '';
    const indexHtml = () => fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8').replace('</head>', `${demoMeta}</head>`);
    // index.html names the current assets: always revalidated, so a new version is seen at once
    app.get('*', (c) => c.html(indexHtml(), 200, { 'cache-control': 'no-cache' }));
  } else {
    app.get('*', (c) =>
      c.text('画面のファイルがまだ作られていません。`npm run build:web` を実行してから再起動してください（APIは /api で利用できます）。', 503),
    );
  }
  return app;
}
