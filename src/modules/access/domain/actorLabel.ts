/**
 * How an actor is written into history columns (audit_log.actor, recorded_by,
 * updated_by …): "id:name", so the row names the person as they were called
 * then and still points at the account. Ids never contain ':'.
 */
export function actorLabel(actor: { id: string; name: string }): string {
  return `${actor.id}:${actor.name}`;
}

export function splitActor(label: string): { id: string; name: string } {
  const i = label.indexOf(':');
  return i < 0 ? { id: label, name: label } : { id: label.slice(0, i), name: label.slice(i + 1) };
}
