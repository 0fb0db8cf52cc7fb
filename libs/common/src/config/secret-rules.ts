/**
 * What a secret must be before a service trusts it, and how config errors speak of secrets.
 * Length holds everywhere; in production every secret must also look generated, and no
 * sensitive value may be a deploy template's placeholder, so a copied `REPLACE-ME` or a value
 * typed by hand stops the service at start instead of guarding it.
 */
export const SECRET_MIN_LENGTH = 32;

/** Words the deploy templates and examples use in place of a real value. */
const PLACEHOLDER = /replace[-_ ]?me|change[-_ ]?me|placeholder|example|secret-manager|your[-_ ]?secret|^x+$/i;

/** Why `value` is not acceptable as a secret, or null when it is. */
export function secretProblem(value: string, production: boolean): string | null {
  if (value.length < SECRET_MIN_LENGTH) return `must be at least ${SECRET_MIN_LENGTH} characters`;
  if (!production) return null;
  if (PLACEHOLDER.test(value)) return 'is a placeholder from a template; generate a real secret (e.g. openssl rand -base64 48)';
  // 32 characters drawn from fewer than 10 symbols is typed or patterned, not random.
  if (new Set(value).size < 10) return 'is not random enough; generate it (e.g. openssl rand -base64 48)';
  return null;
}

/** Variables whose values a config error must never print: secrets, and URLs that may hold credentials. */
export function isSensitiveVariable(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|PASSPHRASE|KEY|_URL$|^DATABASE_URL$/i.test(name);
}

/** How a config error shows a variable's value: as given, or only its length when it is sensitive. */
export function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'null';
  return isSensitiveVariable(name) ? `a value of ${value.length} characters, not shown` : JSON.stringify(value);
}

/**
 * Production's refusals for the variables given: a secret (a name with SECRET or TOKEN) that
 * `secretProblem` refuses, and any sensitive value (a password, a URL) still holding a
 * template's placeholder. One line per variable, values never shown.
 */
export function productionSecretProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value || !isSensitiveVariable(name)) continue;
    const problem = /SECRET|TOKEN/i.test(name)
      ? secretProblem(value, true)
      : /replace[-_ ]?me|change[-_ ]?me/i.test(value)
        ? 'holds a placeholder from a template'
        : null;
    if (problem) problems.push(`  ${name}: ${problem}`);
  }
  return problems;
}
