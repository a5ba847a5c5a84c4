/**
 * Pure: a kubelet text (container waiting reason/message, event message) made safe to show.
 * When the kubelet cannot decode a pull secret it shows Go's error text itself, and Go's JSON
 * errors quote a byte of the input ("invalid character 'x' ...") or a number's text ("cannot
 * unmarshal number 123 into ..."): the secret's bytes. Those quotes are dropped; the words that
 * say what went wrong (and that the diagnosis recognises) stay.
 */
export function unquotedKubeletText(text: string): string {
  return text
    .replace(/invalid character '(?:\\[^]|[^'\\])*'/g, 'invalid character')
    .replace(/cannot unmarshal number \S+ into/g, 'cannot unmarshal number into');
}
