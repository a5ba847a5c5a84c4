/** What PullKey writes on the secrets it manages (docs/architecture.md, conventions); the project label is kube/projects' PULLKEY_PROJECT_LABEL. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pullkey';
/** rancher | pullkey: which kind of project a copy belongs to. */
export const PROJECT_KIND_ANNOTATION = 'pullkey.dev/project-kind';
