// Pages read filters leniently: a value that does not validate is dropped (the page shows everything),
// where the JSON API answers 400. Both use the same schema.
import type { z } from 'zod';

export function parseLeniently<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.output<S> {
  const values = { ...input };
  for (let attempt = 0; attempt < 20; attempt++) {
    const parsed = schema.safeParse(values);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string') delete values[key];
    }
  }
  return schema.parse({});
}
