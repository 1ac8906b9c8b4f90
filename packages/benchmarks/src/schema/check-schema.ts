import type { JsonSchema, JsonType } from './record-schema.js';

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeOf(value) === 'object';
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

const TYPE_NAMES: Record<JsonType, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a finite number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

/** `a string, a finite number or a boolean`. */
function listTypes(types: readonly JsonType[]): string {
  const names = types.map((t) => TYPE_NAMES[t]);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Checks `value` against the JSON Schema subset of {@link JsonSchema}, pushing one problem per
 * violation, each starting with its path: `BenchRecord.msMedian: must be a number >= 0, got -1`.
 * Private to the package: `validateRecord` and `validateResults` are the public doors.
 */
export function checkSchema(schema: JsonSchema, value: unknown, path: string, problems: string[]): void {
  if (schema.const !== undefined && value !== schema.const) {
    problems.push(`${path}: must be ${show(schema.const)}, got ${show(value)}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${path}: must be one of ${schema.enum.join(' | ')}, got ${show(value)}`);
    return;
  }
  if (schema.type !== undefined) {
    const types: readonly JsonType[] = typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => matchesType(value, t))) {
      const bound = schema.minimum !== undefined ? ` >= ${schema.minimum}` : '';
      problems.push(`${path}: must be ${listTypes(types)}${bound}, got ${show(value)}`);
      return;
    }
  }
  if (schema.minimum !== undefined && typeof value === 'number' && value < schema.minimum) {
    problems.push(`${path}: must be >= ${schema.minimum}, got ${show(value)}`);
  }
  if (schema.minLength !== undefined && typeof value === 'string' && value.length < schema.minLength) {
    problems.push(`${path}: must be a string of at least ${schema.minLength} character(s), got ${show(value)}`);
  }
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    problems.push(`${path}: must be an ISO 8601 date-time, got ${show(value)}`);
  }
  if (schema.items && Array.isArray(value)) {
    value.forEach((item, i) => checkSchema(schema.items!, item, `${path}[${i}]`, problems));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined) problems.push(`${path}.${key}: is required`);
    }
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) {
        if (v !== undefined) checkSchema(sub, v, `${path}.${key}`, problems);
      } else if (schema.additionalProperties === false) {
        problems.push(`${path}.${key}: is not a known field`);
      } else if (typeof schema.additionalProperties === 'object') {
        checkSchema(schema.additionalProperties, v, `${path}.${key}`, problems);
      }
    }
  }
}
