/**
 * A STAND-IN OWNER for the revert-watch tests: a test process, not Argo CD, Flux or Helm. It does
 * what those engines do to a change made behind their back — puts the object back as their
 * source ("Git") says — by replacing it with the original manifest (`kubectl replace`, field
 * manager `stand-in-owner`, its own annotation added), and says so on its output.
 */
export const STAND_IN_MANAGER = 'stand-in-owner';
/** The stand-in's own mark on what it puts back (so managedFields name it as the last writer). */
const STAND_IN_ANNOTATION = 'test.pullkey.dev/stand-in-owner';

/** kubectl, bound to a context; `input` on stdin. */
type Kubectl = (args: string[], input?: string) => Promise<string> | string;

export async function standInOwnerRevert(
  kubectl: Kubectl,
  manifest: {
    kind: string;
    metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  },
  engine: string,
): Promise<void> {
  const { kind, metadata } = manifest;
  console.log(
    `[stand-in owner] a test process standing in for ${engine}: puts ${kind} ${metadata.namespace}/${metadata.name} back as its original manifest`,
  );
  await kubectl(
    ['replace', `--field-manager=${STAND_IN_MANAGER}`, '-f', '-'],
    JSON.stringify({
      ...manifest,
      metadata: {
        ...metadata,
        annotations: { ...metadata.annotations, [STAND_IN_ANNOTATION]: new Date().toISOString() },
      },
    }),
  );
}
