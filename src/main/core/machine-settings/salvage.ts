/**
 * What can still be used of a machine settings file that fails its schema: every field that
 * is valid on its own (inside `alerts` and `updates` too, and each lock that names a known
 * setting), then the rules between fields applied by dropping what depends on a missing
 * value. One typo must not throw away IT's backend URL, locks and alert limits: a desk that
 * silently falls back to its built-in backend never rings for real patrons.
 */
import { z } from 'zod';
import { LockableSetting, MachineSettings, MachineSettingsFields } from '../../../shared/machine-settings/schema';

type Fields = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object schema's valid fields, one by one; unknown fields are left out. */
function validFields(shape: Record<string, z.ZodType>, raw: Fields): Fields {
  const kept: Fields = {};
  for (const [name, schema] of Object.entries(shape)) {
    if (raw[name] === undefined) continue;
    const parsed = schema.safeParse(raw[name]);
    if (parsed.success) kept[name] = parsed.data;
  }
  return kept;
}

/** A nested settings object: whole if valid, else its valid fields if they still make a valid object. */
function salvageObject(schema: z.ZodType, raw: unknown): unknown {
  const whole = schema.safeParse(raw);
  if (whole.success) return whole.data;
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodObject) || !isPlainObject(raw)) return undefined;
  const parsed = inner.safeParse(validFields(inner.shape, raw));
  return parsed.success ? parsed.data : undefined;
}

export function salvageMachineSettings(raw: unknown): MachineSettings {
  if (!isPlainObject(raw)) return {};
  const shape = MachineSettingsFields.shape;
  const kept: Fields = validFields({ backendUrl: shape.backendUrl, homeCampus: shape.homeCampus, startAtLogin: shape.startAtLogin, hideToTrayOnClose: shape.hideToTrayOnClose }, raw);
  for (const name of ['alerts', 'updates'] as const) {
    const value = salvageObject(shape[name], raw[name]);
    if (value !== undefined) kept[name] = value;
  }
  const locks = Array.isArray(raw.locked) ? raw.locked.flatMap((name) => LockableSetting.safeParse(name).data ?? []) : [];
  // A lock on a value the file does not (validly) give locks nothing.
  const locked = [...new Set(locks)].filter((name) => kept[name] !== undefined);
  if (locked.length > 0) kept.locked = locked;
  const alerts = shape.alerts.safeParse(kept.alerts).data;
  if (alerts?.ringWhileSignedOut && (!alerts.waitingFeedKey || !kept.backendUrl)) kept.alerts = { ...alerts, ringWhileSignedOut: false };
  const settled = MachineSettings.safeParse(kept);
  return settled.success ? settled.data : {};
}
