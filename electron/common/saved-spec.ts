/**
 * Launch specs kept for later: a profile's wizard defaults and named presets. What is kept is a LaunchSpec without
 * secrets and without one-time things (a key file path, public key material, a key pair still to be created), and
 * without the confirmation of a wide source CIDR: that is asked again each time (a restored 0.0.0.0/0 stays unconfirmed).
 */
import { z } from 'zod';
import { LaunchSpec, NetworkFields, type KeyPairChoice } from './models';

/** A saved key pair choice: none, or a key pair that existed in the region when the spec was saved. */
export const SavedKeyPair = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('existing'), name: z.string().trim().min(1) }),
]);
export type SavedKeyPair = z.infer<typeof SavedKeyPair>;

/** The network choice as kept: no confirmation, so a wide CIDR is kept and loads, but unconfirmed. */
export const SavedNetwork = NetworkFields.omit({ confirmOpenToInternet: true });
export type SavedNetwork = z.infer<typeof SavedNetwork>;

/** Every LaunchSpec field is optional, so a spec saved by an older Kiln still loads, the rest from defaults. */
export const SavedSpec = LaunchSpec.omit({ keyPair: true, network: true })
  .partial()
  .extend({ keyPair: SavedKeyPair.optional(), network: SavedNetwork.optional() });
export type SavedSpec = z.infer<typeof SavedSpec>;

export const PRESET_NAME_MAX = 64;
export const PresetName = z
  .string()
  .trim()
  .min(1, 'Give the preset a name.')
  .max(PRESET_NAME_MAX, `A preset name holds at most ${PRESET_NAME_MAX} characters.`);

export const Preset = z.object({ name: PresetName, spec: SavedSpec, savedAt: z.string() });
export type Preset = z.infer<typeof Preset>;

/**
 * The spec as it may be kept. A key pair to create or import is kept as an existing one only when `keyPairExists`
 * says it exists now (after the launch that created it); otherwise the choice becomes none.
 */
export function toSavedSpec(spec: LaunchSpec, keyPairExists: (name: string) => boolean): SavedSpec {
  const { keyPair, network, ...rest } = spec;
  return {
    ...rest,
    ...(keyPair ? { keyPair: savedKeyPair(keyPair, keyPairExists) } : {}),
    ...(network ? { network: SavedNetwork.parse(network) } : {}),
  };
}

function savedKeyPair(choice: KeyPairChoice, keyPairExists: (name: string) => boolean): SavedKeyPair {
  if (choice.mode === 'none') return { mode: 'none' };
  if (choice.mode === 'existing' || keyPairExists(choice.name)) return { mode: 'existing', name: choice.name };
  return { mode: 'none' };
}

const SAVED_FIELDS = Object.keys(SavedSpec.shape) as (keyof SavedSpec)[];

/**
 * Reads a stored spec field by field: a field that no longer passes the schema (written by another Kiln version,
 * or edited by hand) is dropped and named, so the wizard fills it from its defaults instead of refusing the whole.
 */
export function readSavedSpec(raw: unknown): { spec: SavedSpec; dropped: string[] } | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const source = raw as Record<string, unknown>;
  const spec: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const field of SAVED_FIELDS) {
    if (source[field] === undefined) continue;
    const parsed = SavedSpec.shape[field].safeParse(source[field]);
    if (parsed.success) spec[field] = parsed.data;
    else dropped.push(field);
  }
  return { spec: spec, dropped };
}
