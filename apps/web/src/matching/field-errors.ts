import type { FormInstance } from 'antd';
import { isApiError } from '../api/client';

/** `availability.0.to` → ['availability', 0, 'to']: list items are addressed by number in a form. */
export function namePathOf(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's field errors beside the form's fields, list items included (the first
 * segment names the field: `availability` covers `availability.2.to`). Returns the messages of
 * fields the form does not show, for a form-level alert.
 */
export function placeFieldErrors(form: FormInstance, error: unknown, formFields: readonly string[]): string[] {
  if (!isApiError(error) || error.details.length === 0) return [];
  const shown = (field: string) => formFields.includes(field) || formFields.includes(field.split('.')[0] ?? '');
  form.setFields(error.details.filter((d) => shown(d.field)).map((d) => ({ name: namePathOf(d.field), errors: d.errors })));
  return error.details.filter((d) => !shown(d.field)).flatMap((d) => d.errors);
}
