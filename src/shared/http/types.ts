import type { Store } from '../../db/client.js';
import type { Actor } from '../../modules/access/domain/policy.js';
import type { municipalities } from '../../db/schema.js';

export interface AppEnv {
  Variables: {
    store: Store;
    actor: Actor;
    municipality: typeof municipalities.$inferSelect;
    /** this request's id (requestLog): echoed in X-Request-Id and written on its log line */
    requestId: string;
    /** GYOKAKU_PUBLIC_URL (createApp's publicUrl): base of absolute links in public documents; undefined: relative links */
    publicUrl: string | undefined;
  };
}
