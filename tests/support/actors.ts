/**
 * Requests made as a chosen actor: the app's resolveActor reads the `x-test-actor` header and finds the
 * actor registered here by `headers(as)`; without the header a request acts as the demo administrator.
 */
import { demoAdministrator, type Actor } from '../../src/modules/access/domain/policy.js';

export class TestActors {
  private readonly byKey = new Map<string, Actor>();

  /** for createApp({ resolveActor }) */
  readonly resolveActor = (req: Request): Actor => this.byKey.get(req.headers.get('x-test-actor') ?? '') ?? demoAdministrator;

  /** the header that makes a request act as `as` (none: the demo administrator) */
  headers(as?: Actor): Record<string, string> {
    if (!as) return {};
    const key = String(this.byKey.size);
    this.byKey.set(key, as);
    return { 'x-test-actor': key };
  }
}
