/** "Launch from this image": a wizard prefill with only the profile, the region and the AMI; the rest is chosen anew. */
import type { WizardPrefill } from './use-form-fill';

/** An image to launch from, wherever it is shown (the launch page's bake progress, the Images page). */
export interface ImageToLaunch {
  profileId: string;
  region: string;
  imageId: string;
  /** The AMI's name, to say where the wizard's values came from. */
  name?: string;
}

export function launchFromImagePrefill(image: ImageToLaunch): WizardPrefill {
  return {
    spec: { profileId: image.profileId, region: image.region, imageId: image.imageId },
    source: image.name ? `the image ${image.name} (${image.imageId})` : `the image ${image.imageId}`,
    note: 'The profile, region and AMI are set; choose the instance type, a name and the install script (the image already holds what its launch installed).',
  };
}
