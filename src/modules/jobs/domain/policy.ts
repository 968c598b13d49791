/** Who may see a job: its creator, and the secretariat and system administrators of its municipality. Pure. */
import type { Actor } from '../../access/domain/policy.js';

export function canReadJob(actor: Actor, job: { municipalityId: string; createdBy: string }): boolean {
  if (actor.role !== 'system_admin' && actor.municipalityId !== job.municipalityId) return false;
  return actor.id === job.createdBy || actor.role === 'system_admin' || actor.role === 'secretariat';
}
