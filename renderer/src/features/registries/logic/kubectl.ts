/**
 * A shell command shown one flag per line with " \" continuations, so that wrapping never splits
 * a flag. Splits on blanks outside single quotes (the quoting `shellQuote` produces) and on
 * double-quoted placeholders; a flag's separate value stays on its line ("--namespace team1").
 */
function words(command: string): string[] {
  return command.match(/(?:[^\s'"\\]+|\\.|'[^']*'|"[^"]*")+/g) ?? [];
}

export function commandLines(command: string): string[] {
  const tokens = words(command);
  // Anything not split back exactly (not a command PullKey built) is shown as it is.
  if (tokens.join(' ') !== command.trim()) return [command];
  const flag = (token: string) => token.startsWith('-');
  // Line one: the command and its arguments, up to the last word that is not a flag or its value.
  let head = 0;
  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    const isValue = previous !== undefined && flag(previous) && !previous.includes('=');
    if (!flag(token) && !isValue) head = index;
  });
  const lines = [tokens.slice(0, head + 1).join(' ')];
  for (let index = head + 1; index < tokens.length; index++) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    if (flag(token) && !token.includes('=') && next !== undefined && !flag(next)) {
      lines.push(`${token} ${next}`);
      index++;
    } else lines.push(token);
  }
  return lines.filter(Boolean);
}

/** The command as shown and copied: continuation lines indented, each but the last ending " \". */
export function multilineCommand(command: string): string {
  return commandLines(command)
    .map((line, index, all) => `${index ? '  ' : ''}${line}${index < all.length - 1 ? ' \\' : ''}`)
    .join('\n');
}
