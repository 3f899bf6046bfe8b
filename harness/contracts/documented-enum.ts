// A zod enum whose description lists what each member means (for compare.json's schema and readers).
import { z } from 'zod';

export function documentedEnum<const T extends Record<string, string>>(meanings: T) {
  const keys = Object.keys(meanings) as [keyof T & string, ...(keyof T & string)[]];
  return z.enum(keys).describe(keys.map((k) => `${k}: ${meanings[k]}`).join('; '));
}
