import { z } from "zod";

import { isUnset } from "./env";
import { SWITCH_OFF_VALUES, SWITCH_ON_VALUES } from "./next-build";

/** Zod fields for environment variables; each treats the empty string as unset (see isUnset). */

const unsetIfEmpty = (value: unknown) => (isUnset(value) ? undefined : value);

export const optionalString = z.preprocess(unsetIfEmpty, z.string().trim().min(1).optional());

export const optionalUrl = z.preprocess(
  unsetIfEmpty,
  z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
);

/** A string that must match `pattern` (a URL scheme, for instance) when set. */
export const optionalMatching = (pattern: RegExp, error: string) =>
  z.preprocess(unsetIfEmpty, z.string().regex(pattern, { error }).optional());

export const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess(unsetIfEmpty, z.enum(values, { error }).optional());

/** A yes/no switch, any case; read it with isOn. */
export const truthy = z.preprocess(
  (value) => (isUnset(value) ? undefined : String(value).toLowerCase()),
  z.enum([...SWITCH_ON_VALUES, ...SWITCH_OFF_VALUES], { error: "must be true or false" }).optional(),
);

export const isOn = (value: string | undefined) => value !== undefined && (SWITCH_ON_VALUES as readonly string[]).includes(value);

export const intInRange = (min: number, max: number, fallback: number) => {
  const error = `must be an integer from ${min} to ${max}`;
  return z.preprocess(
    (value) => (isUnset(value) ? fallback : Number(value)),
    z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
  );
};

export const optionalUsd = z.preprocess(
  (value) => (isUnset(value) ? undefined : Number(value)),
  z
    .number({ error: "must be an amount in US dollars, such as 0.50" })
    .positive({ error: "must be an amount in US dollars above 0, such as 0.50" })
    .max(1_000_000, { error: "must be an amount in US dollars, such as 0.50" })
    .optional(),
);

/** A secret someone could otherwise guess; `hint` says how to make a good one. */
export const optionalSecret = (hint: string) =>
  optionalString.refine((value) => value === undefined || value.length >= 16, {
    error: `must be at least 16 characters (try: ${hint})`,
  });
