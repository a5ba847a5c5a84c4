/** Text and Secret builders for the pull secrets nested thousands of levels deep (Go's limit). */

/** `levels` empty arrays, one inside the other: `[[[…]]]`. */
export const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** A `kubernetes.io/dockerconfigjson` Secret named `deep` whose config is `text`. */
export const deepDockerConfigSecret = (text: string) => ({
  metadata: { name: 'deep' },
  type: 'kubernetes.io/dockerconfigjson',
  data: { '.dockerconfigjson': Buffer.from(text).toString('base64') },
});
