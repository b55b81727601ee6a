// The SMS gateway request template: {{phone}} {{text}} {{sign}} {{content}} ({{sign}} in 【】 before the text)
// and {{id}} (the outbox id, for gateways that deduplicate). Values are escaped for where they land: inside a
// JSON string literal for a JSON body, URL-encoded for a form body or a URL. Unknown placeholders are an error.

export interface SmsFields {
  phone: string;
  text: string;
  sign: string;
  content: string;
  id: string;
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

export class TemplateError extends Error {}

function render(template: string, fields: SmsFields, encode: (v: string) => string): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => {
    if (!Object.hasOwn(fields, name))
      throw new TemplateError(`unknown placeholder {{${name}}}; use phone, text, sign, content or id`);
    return encode(fields[name as keyof SmsFields]);
  });
}

/** A JSON body: each value is escaped as the inside of a JSON string (quotes, backslashes, newlines, U+2028). */
export function renderJson(template: string, fields: SmsFields): string {
  const body = render(template, fields, (v) => JSON.stringify(v).slice(1, -1));
  try {
    JSON.parse(body);
  } catch {
    throw new TemplateError(
      'the body template is not JSON once filled in (placeholders go inside strings: {"mobile":"{{phone}}"})',
    );
  }
  return body;
}

/** A form body or a URL: each value URL-encoded (UTF-8). */
export function renderForm(template: string, fields: SmsFields): string {
  return render(template, fields, encodeURIComponent);
}

/** 【sign】text, the way SMS in China carry their signature. */
export function smsContent(text: string, sign: string | null): string {
  return sign ? `【${sign}】${text}` : text;
}
