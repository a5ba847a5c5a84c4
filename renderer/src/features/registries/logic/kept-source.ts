/**
 * Pure: a registry kept in the cluster by External Secrets, seen from the registries list. Its
 * source Secret is named as the source (never a registry of its own), and the old Delete (of
 * copies External Secrets would write again) is not offered on either: one line says what is.
 */
import type { RegistryGroup } from '@core/api/contract';

/** " (feeds 5 namespaces)": the namespaces whose copy External Secrets keeps from the source. */
function feedsText(feeds: number | undefined): string {
  if (feeds === undefined) return '';
  return ` (feeds ${feeds} ${feeds === 1 ? 'namespace' : 'namespaces'})`;
}

/**
 * "Source of regcred (project team1), kept in the cluster by External Secrets (feeds 5
 * namespaces)", or null.
 */
export function keptSourceLabel(group: RegistryGroup): string | null {
  const source = group.keptSource;
  if (!source) return null;
  const project = source.project ? ` (project ${source.project.id})` : '';
  return `Source of ${source.registry}${project}, kept in the cluster by External Secrets${feedsText(source.feeds)}`;
}

/** Why the drawer offers no Delete (null: it does). `kept`: the registry is kept in the cluster. */
export function deleteWithheld(group: RegistryGroup, kept: boolean): string | null {
  if (kept)
    return (
      'Kept in the cluster by External Secrets: deleting its copies here would only see them ' +
      'written again. Use "Delete from the cluster…" or "Back to laptop sync…" instead.'
    );
  if (group.keptSource)
    return (
      `This secret is the source of ${group.keptSource.registry}: Edit changes its password; ` +
      `to remove it, use "Delete from the cluster…" on ${group.keptSource.registry}.`
    );
  return null;
}
