/**
 * The `list-files` formats (dorny/paths-filter's, with its escaping defects fixed: dorny's csv and
 * shell "safe name" checks use a multiline regex, so a name with a newline can pass unquoted, and a
 * leading `-` is never protected).
 */
export const LIST_FILES = ['none', 'csv', 'json', 'shell', 'escape'] as const;
/** How `<name>_files` outputs are serialised; `none` omits them. */
export type ListFiles = (typeof LIST_FILES)[number];

// Whole-string tests (dorny's use the `m` flag, so one safe line made a multi-line name "safe").
const CSV_SAFE = /^[A-Za-z0-9._+:@%/-]+$/;
const SHELL_SAFE = /^[A-Za-z0-9,._+:@%/-]+$/;
const SHELL_SAFE_WITH_QUOTE = /^[A-Za-z0-9,._+:@%/\s'-]+$/;
const ESCAPE_UNSAFE = /[^A-Za-z0-9,._+:@%/-]/g;

/** Serialises file names for a `<name>_files` output in the given format. */
export function formatFileList(names: readonly string[], format: Exclude<ListFiles, 'none'>): string {
  switch (format) {
    case 'json':
      return JSON.stringify(names);
    case 'csv':
      return names.map(csvEscape).join(',');
    case 'shell':
      return names.map(shellEscape).join(' ');
    case 'escape':
      return names.map(backslashEscape).join(' ');
  }
}

/** RFC 4180: raw when safe, else quoted with inner quotes doubled (a newline stays inside the quotes). */
export function csvEscape(value: string): string {
  if (value === '' || CSV_SAFE.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/** POSIX shell word: raw when safe, else single-quoted (a `'` is written as `\'` outside the quotes). */
export function shellEscape(value: string): string {
  if (value === '' || SHELL_SAFE.test(value)) return value;
  if (value.includes("'")) {
    if (SHELL_SAFE_WITH_QUOTE.test(value)) return `"${value}"`;
    return value.split("'").map(shellEscape).join("\\'");
  }
  return `'${value}'`;
}

/**
 * Backslash before every unsafe character, as dorny does; a newline becomes bash's `$'\n'` instead,
 * because a backslash-newline is a line continuation that silently drops the newline from the name.
 */
export function backslashEscape(value: string): string {
  return value.replace(ESCAPE_UNSAFE, (char) => (char === '\n' ? "$'\\n'" : `\\${char}`));
}
