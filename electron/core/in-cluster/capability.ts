/** I/O: discovery of external-secrets.io and SelfSubjectAccessReviews for the opt-in's objects. */
import type { InClusterCapability } from '../api/contract';
import { foldCapability, permissionQuestions, type GroupDiscovery } from '../eso/capability';
import { ESO_GROUP } from '../eso/names';
import { accessAllowed } from '../kube/access-review';
import { discoverVersions } from '../kube/group-versions';
import type { KubeSession } from '../kube/session';

async function discover(session: KubeSession): Promise<GroupDiscovery> {
  try {
    // Asked afresh: "Check again" must see an ESO installed a moment ago.
    return { versions: (await discoverVersions(session)).get(ESO_GROUP) ?? null };
  } catch (error) {
    return { versions: null, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function readCapability(
  session: KubeSession,
  sourceNamespace: string,
): Promise<InClusterCapability> {
  const discovery = await discover(session);
  const ready = discovery.versions?.includes('v1') === true;
  const answers = ready
    ? await Promise.all(
        permissionQuestions(sourceNamespace).map(async (question) => ({
          ...question,
          allowed: await accessAllowed(session, question),
        })),
      )
    : [];
  return foldCapability(session.context, discovery, answers, new Date());
}
