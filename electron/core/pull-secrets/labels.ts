/** What PullKey writes on the secrets it manages (see shared/design.md conventions). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'pullkey';
export const PROJECT_LABEL = 'pullkey.dev/project';
/** rancher | pullkey: which kind of project a copy belongs to. */
export const PROJECT_KIND_ANNOTATION = 'pullkey.dev/project-kind';
export const DOCKERCONFIGJSON_TYPE = 'kubernetes.io/dockerconfigjson';
export const DOCKERCONFIGJSON_KEY = '.dockerconfigjson';
