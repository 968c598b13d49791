import type { TagDto } from '../../../shared/api-types.js';
import type { tags } from '../../../db/schema.js';

export const presentTag = (t: typeof tags.$inferSelect): TagDto => ({ id: t.id, name: t.name, category: t.category, version: t.version });
