/**
 * The catalog the wizard chooses from (profiles, regions, quick-start AMIs, instance types and their prices), loaded
 * as the choices they depend on are made, with sensible preselections when a list arrives. Answers for an older
 * profile, region or architecture are dropped by useQuery, so a slow reply never replaces a newer one.
 */
import { useEffect, useMemo } from 'react';
import type {
  ImageSummary,
  InstancePriceList,
  InstanceTypeSummary,
  Profile,
  QuickStartTile,
  Region,
} from '../../../electron/common/models';
import { useQuery, type QueryState } from '../common/use-command';
import type { AmiLookup, AmiLookupEntry } from './use-ami-lookup';
import type { RegionMemory } from './use-region-memory';
import type { WizardForm } from './wizard-form';

export const PREFERRED_INSTANCE_TYPE = 't3.micro';
const FALLBACK_REGION = 'us-east-1';

export interface WizardCatalog {
  profiles: QueryState<Profile[]>;
  regions: QueryState<Region[]>;
  quickStart: QueryState<QuickStartTile[]>;
  /** Types for the image's architecture, each with its price once prices are known (null: unknown). */
  instanceTypes: QueryState<InstanceTypeSummary[]>;
  prices: QueryState<InstancePriceList>;
  profile: Profile | undefined;
  customLookup: AmiLookupEntry | undefined;
  /** The AMI that will be launched, when known (a quick-start tile or a typed id that was found). */
  image: ImageSummary | undefined;
  architecture: string | undefined;
  instanceType: InstanceTypeSummary | undefined;
}

export function useWizardCatalog(
  form: WizardForm,
  update: (patch: Partial<WizardForm>) => void,
  ami: AmiLookup,
  /** Without it (component harnesses), regions are preselected from the profile alone. */
  regionMemory?: RegionMemory,
): WizardCatalog {
  const profiles = useQuery('profiles.list', {});
  const profile = profiles.value?.find((p) => p.id === form.profileId);
  const regions = useQuery('regions.list', form.profileId ? { profileId: form.profileId } : null);
  const where = form.profileId && form.region ? { profileId: form.profileId, region: form.region } : null;
  const quickStart = useQuery('images.quickStartTiles', where);
  const quickStartImages = useMemo(
    () => quickStart.value?.flatMap((tile) => (tile.image ? [tile.image] : [])),
    [quickStart.value],
  );

  const quickStartImage = quickStartImages?.find((i) => i.imageId === form.quickStartImageId);
  const customLookup = form.customImageId.trim() ? ami.entryFor(form.customImageId) : undefined;
  const customImage = customLookup?.status === 'done' && customLookup.result.ok ? customLookup.result.value : undefined;
  const image = form.customImageId.trim() ? customImage : quickStartImage;
  // While a typed id is not resolved yet, keep offering types for the tile's architecture instead of none.
  const architecture = (customImage ?? quickStartImage)?.architecture;
  const typesQuery = useQuery('instanceTypes.list', where && architecture ? { ...where, architecture } : null);
  const prices = useQuery('instanceTypes.prices', where && architecture ? where : null);
  const types = useMemo(
    () =>
      typesQuery.value
        ?.filter((t) => !architecture || t.architectures.includes(architecture))
        .map((t) => (prices.value ? { ...t, price: prices.value.prices[t.instanceType] ?? null } : t)),
    [typesQuery.value, architecture, prices.value],
  );
  const instanceTypes = { ...typesQuery, value: types };

  useEffect(() => {
    if (form.profileId || !profiles.value) return;
    const first = profiles.value.find((p) => p.available);
    if (first) update({ profileId: first.id });
  }, [profiles.value, form.profileId, update]);

  // The region last chosen for the profile, else the profile's own, else us-east-1.
  const defaultRegion = regionMemory?.regionFor(form.profileId) ?? profile?.defaultRegion;
  const memoryReady = regionMemory?.ready ?? true;
  useEffect(() => {
    if (!memoryReady || !regions.value || regions.value.some((r) => r.name === form.region)) return;
    const preferred = defaultRegion ?? FALLBACK_REGION;
    const region = regions.value.find((r) => r.name === preferred) ?? regions.value[0];
    if (region) update({ region: region.name });
  }, [regions.value, form.region, defaultRegion, update, memoryReady]);

  useEffect(() => {
    if (!quickStartImages || quickStartImages.some((i) => i.imageId === form.quickStartImageId)) return;
    update({ quickStartImageId: quickStartImages[0]?.imageId ?? '' });
  }, [quickStartImages, form.quickStartImageId, update]);

  // A typed AMI still being looked up may have another architecture than the tile's: keep the type until it is known.
  const architectureKnown = !form.customImageId.trim() || customLookup?.status !== 'loading';
  useEffect(() => {
    if (!types || !architectureKnown || types.some((t) => t.instanceType === form.instanceType)) return;
    const preferred = types.find((t) => t.instanceType === PREFERRED_INSTANCE_TYPE) ?? types[0];
    update({ instanceType: preferred?.instanceType ?? '' });
  }, [types, architectureKnown, form.instanceType, update]);

  return {
    profiles,
    regions,
    quickStart,
    instanceTypes,
    prices,
    profile,
    customLookup,
    image,
    architecture,
    instanceType: types?.find((t) => t.instanceType === form.instanceType),
  };
}
