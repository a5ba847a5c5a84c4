/** One SelfSubjectAccessReview: may the user `verb` `group`/`resource` (in `namespace`, or cluster-wide)? */
import type { KubeSession } from './session';

export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  namespace?: string | null | undefined;
}

export async function accessAllowed(
  session: KubeSession,
  { verb, group, resource, namespace }: AccessAttributes,
): Promise<boolean> {
  const review = await session.call(() =>
    session.authz.createSelfSubjectAccessReview({
      body: {
        spec: {
          resourceAttributes: { verb, group, resource, ...(namespace ? { namespace } : {}) },
        },
      },
    }),
  );
  return review.status?.allowed === true;
}
