/**
 * Keeps credentials out of everything the action shows. Bodies are redacted as soon as they are read,
 * so that a snippet cut next to an echoed credential cannot show part of it; results are redacted again
 * before they leave the core.
 */

/** What a secret is replaced with. */
export const REDACTED = '***';

/** Each secret as it may be echoed: raw, URL-encoded, JSON-escaped; longest first. */
export function secretForms(values: readonly string[]): string[] {
  const forms = values
    .filter((value) => value !== '')
    .flatMap((value) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  // Longest first, so that a longer form is not half-replaced by a shorter one.
  return [...new Set(forms)].sort((x, y) => y.length - x.length);
}

/** Replaces every occurrence of every form with `***`. */
export function redactText(text: string, forms: readonly string[]): string {
  return forms.reduce((acc, form) => acc.split(form).join(REDACTED), text);
}
